# Chapter 13: the training data scaled to [-1, 1] before it goes into the network.
import numpy as np
import nnfs
from nnfs.datasets import spiral_data

from engine.book import *

nnfs.init()
X, y = spiral_data(samples=100, classes=3)
X = X * 4
X.min(), X.max()
X_scaled = X / np.max(np.abs(X))
X_scaled.min(), X_scaled.max()
dense1 = Layer_Dense(2, 3)
dense1.forward(X_scaled)
dense1.output[:3]
dense1.forward(X)
dense1.output[:3]
