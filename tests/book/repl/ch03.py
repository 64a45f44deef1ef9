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
# Weights and biases typed in by hand are float64, as NumPy makes them, beside nnfs's float32 dot.
inputs = np.array([[1, 2, 3, 2.5], [2., 5., -1., 2], [-1.5, 2.7, 3.3, -0.8]])
dense = Layer_Dense(4, 3)
dense.weights = np.array([[0.2, 0.8, -0.5, 1], [0.5, -0.91, 0.26, -0.5], [-0.26, -0.27, 0.17, 0.87]]).T
dense.biases = np.array([[2, 3, 0.5]])
dense.forward(inputs)
dense.output
dense.output.dtype
