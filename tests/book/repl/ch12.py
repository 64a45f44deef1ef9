# Chapter 12: a validation set to choose a hyperparameter (the hidden layer's size) on.
import numpy as np
import nnfs
from nnfs.datasets import spiral_data

from engine.book import *

nnfs.init()
X, y = spiral_data(samples=100, classes=3)
X_val, y_val = spiral_data(samples=50, classes=3)
for neurons in [8, 32]:
    dense1 = Layer_Dense(2, neurons)
    activation1 = Activation_ReLU()
    dense2 = Layer_Dense(neurons, 3)
    loss_activation = Activation_Softmax_Loss_CategoricalCrossentropy()
    optimizer = Optimizer_Adam(learning_rate=0.05)
    for epoch in range(101):
        dense1.forward(X)
        activation1.forward(dense1.output)
        dense2.forward(activation1.output)
        loss = loss_activation.forward(dense2.output, y)
        loss_activation.backward(loss_activation.output, y)
        dense2.backward(loss_activation.dinputs)
        activation1.backward(dense2.dinputs)
        dense1.backward(activation1.dinputs)
        optimizer.pre_update_params()
        optimizer.update_params(dense1)
        optimizer.update_params(dense2)
        optimizer.post_update_params()
    dense1.forward(X_val)
    activation1.forward(dense1.output)
    dense2.forward(activation1.output)
    validation_loss = loss_activation.forward(dense2.output, y_val)
    print(neurons, 'neurons, validation loss', validation_loss)

validation_loss
