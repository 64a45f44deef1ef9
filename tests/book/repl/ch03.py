# Chapter 3: a dense layer object on the spiral data.
import numpy as np
import nnfs
from nnfs.datasets import spiral_data

from engine.book import *

nnfs.init()
X, y = spiral_data(samples=100, classes=3)
dense1 = Layer_Dense(2, 3)
dense1.weights.shape
dense1.biases
dense1.forward(X)
dense1.output[:5]
dense1.output.dtype
print(dense1.output.shape)
