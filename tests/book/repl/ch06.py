# Chapter 6: optimisation by random tweaks on vertical data, kept when the loss falls (300 tries).
import numpy as np
import nnfs
from nnfs.datasets import vertical_data

from engine.book import *

nnfs.init()
X, y = vertical_data(samples=100, classes=3)
dense1 = Layer_Dense(2, 3)
activation1 = Activation_ReLU()
dense2 = Layer_Dense(3, 3)
activation2 = Activation_Softmax()
loss_function = Loss_CategoricalCrossentropy()
lowest_loss = 9999999
best_weights = (dense1.weights.copy(), dense1.biases.copy(), dense2.weights.copy(), dense2.biases.copy())
for attempt in range(300):
    dense1.weights += 0.05 * np.random.randn(2, 3)
    dense1.biases += 0.05 * np.random.randn(1, 3)
    dense2.weights += 0.05 * np.random.randn(3, 3)
    dense2.biases += 0.05 * np.random.randn(1, 3)
    dense1.forward(X)
    activation1.forward(dense1.output)
    dense2.forward(activation1.output)
    activation2.forward(dense2.output)
    loss = loss_function.calculate(activation2.output, y)
    accuracy = np.mean(np.argmax(activation2.output, axis=1) == y)
    if loss < lowest_loss:
        print('attempt', attempt, 'loss', loss, 'acc', accuracy)
        best_weights = (dense1.weights.copy(), dense1.biases.copy(), dense2.weights.copy(), dense2.biases.copy())
        lowest_loss = loss
    else:
        dense1.weights, dense1.biases, dense2.weights, dense2.biases = (array.copy() for array in best_weights)

lowest_loss
dense2.biases
