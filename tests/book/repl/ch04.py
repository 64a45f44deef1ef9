# Chapter 4: ReLU and softmax after the dense layers; each row of probabilities sums to 1.
import numpy as np
import nnfs
from nnfs.datasets import spiral_data

from engine.book import *

nnfs.init()
X, y = spiral_data(samples=100, classes=3)
dense1 = Layer_Dense(2, 3)
activation1 = Activation_ReLU()
dense2 = Layer_Dense(3, 3)
activation2 = Activation_Softmax()
dense1.forward(X)
activation1.forward(dense1.output)
activation1.output[:3]
dense2.forward(activation1.output)
activation2.forward(dense2.output)
activation2.output[:5]
np.sum(activation2.output[:5], axis=1)
activation2.forward([[1, 2, 3]])
activation2.output
