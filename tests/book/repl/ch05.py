# Chapter 5: categorical cross-entropy of the softmax outputs, and their accuracy.
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
loss_function = Loss_CategoricalCrossentropy()
dense1.forward(X)
activation1.forward(dense1.output)
dense2.forward(activation1.output)
activation2.forward(dense2.output)
loss_function.calculate(activation2.output, y)
loss_function.forward(activation2.output, y)[:4]
one_hot = np.eye(3)[y]
loss_function.calculate(activation2.output, one_hot)
predictions = np.argmax(activation2.output, axis=1)
np.mean(predictions == y)
