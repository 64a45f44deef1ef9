# Chapter 10: optimizers; SGD with decay and momentum, then Adam, 201 epochs each (the book runs 10001).
import numpy as np
import nnfs
from nnfs.datasets import spiral_data

from engine.book import *

nnfs.init()
X, y = spiral_data(samples=100, classes=3)


def fit(optimizer, epochs):
    for epoch in range(epochs):
        dense1.forward(X)
        activation1.forward(dense1.output)
        dense2.forward(activation1.output)
        loss = loss_activation.forward(dense2.output, y)
        accuracy = np.mean(np.argmax(loss_activation.output, axis=1) == y)
        if not epoch % 50:
            print(f'epoch: {epoch}, acc: {accuracy:.3f}, loss: {loss:.3f}, lr: {optimizer.current_learning_rate}')
        loss_activation.backward(loss_activation.output, y)
        dense2.backward(loss_activation.dinputs)
        activation1.backward(dense2.dinputs)
        dense1.backward(activation1.dinputs)
        optimizer.pre_update_params()
        optimizer.update_params(dense1)
        optimizer.update_params(dense2)
        optimizer.post_update_params()
    return loss


dense1 = Layer_Dense(2, 64)
activation1 = Activation_ReLU()
dense2 = Layer_Dense(64, 3)
loss_activation = Activation_Softmax_Loss_CategoricalCrossentropy()
optimizer = Optimizer_SGD(decay=1e-3, momentum=0.9)
fit(optimizer, 201)
optimizer.iterations, optimizer.current_learning_rate
dense2.bias_momentums
dense1 = Layer_Dense(2, 64)
dense2 = Layer_Dense(64, 3)
optimizer = Optimizer_Adam(learning_rate=0.05, decay=5e-7)
fit(optimizer, 201)
dense2.bias_cache
sgd = Optimizer_SGD(learning_rate=1)
sgd.learning_rate
sgd.current_learning_rate
print(f'lr: {sgd.current_learning_rate}')
Optimizer_Adam(learning_rate=0.05, decay=5e-7).decay
Optimizer_Adagrad(decay=0).decay
