# Chapter 2 (no classes yet): a layer of neurons as a dot product, by hand with NumPy.
import numpy as np

from engine.book import *

inputs = [[1.0, 2.0, 3.0, 2.5], [2.0, 5.0, -1.0, 2.0], [-1.5, 2.7, 3.3, -0.8]]
weights = [[0.2, 0.8, -0.5, 1.0], [0.5, -0.91, 0.26, -0.5], [-0.26, -0.27, 0.17, 0.87]]
biases = [2.0, 3.0, 0.5]
np.dot(inputs, np.array(weights).T) + biases
np.array(inputs).shape
layer_outputs = np.dot(inputs, np.array(weights).T) + biases
print(layer_outputs)
