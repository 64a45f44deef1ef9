# Chapter 17: regression on sine data; linear output, mean squared error, 201 epochs of Adam.
import numpy as np
import nnfs
from nnfs.datasets import sine_data

from engine.book import *

nnfs.init()
X, y = sine_data()
dense1 = Layer_Dense(1, 64)
activation1 = Activation_ReLU()
dense2 = Layer_Dense(64, 64)
activation2 = Activation_ReLU()
dense3 = Layer_Dense(64, 1)
activation3 = Activation_Linear()
loss_function = Loss_MeanSquaredError()
optimizer = Optimizer_Adam(learning_rate=0.005, decay=1e-3)
accuracy_precision = np.std(y) / 250
accuracy_precision
for epoch in range(201):
    dense1.forward(X)
    activation1.forward(dense1.output)
    dense2.forward(activation1.output)
    activation2.forward(dense2.output)
    dense3.forward(activation2.output)
    activation3.forward(dense3.output)
    data_loss = loss_function.calculate(activation3.output, y)
    accuracy = np.mean(np.absolute(activation3.output - y) < accuracy_precision)
    if not epoch % 50:
        print(f'epoch: {epoch}, acc: {accuracy:.3f}, loss: {data_loss:.3f}, lr: {optimizer.current_learning_rate}')
    loss_function.backward(activation3.output, y)
    activation3.backward(loss_function.dinputs)
    dense3.backward(activation3.dinputs)
    activation2.backward(dense3.dinputs)
    dense2.backward(activation2.dinputs)
    activation1.backward(dense2.dinputs)
    dense1.backward(activation1.dinputs)
    optimizer.pre_update_params()
    optimizer.update_params(dense1)
    optimizer.update_params(dense2)
    optimizer.update_params(dense3)
    optimizer.post_update_params()

activation3.output[:3]
mae = Loss_MeanAbsoluteError()
mae.calculate(activation3.output, y)
# The sine data are float64; with a dropout after the first layer, 21 epochs of Adam.
dense1 = Layer_Dense(1, 64)
dropout1 = Layer_Dropout(0.1)
dense2 = Layer_Dense(64, 1)
optimizer = Optimizer_Adam(learning_rate=0.005, decay=1e-3)
for epoch in range(21):
    dense1.forward(X)
    activation1.forward(dense1.output)
    dropout1.forward(activation1.output)
    dense2.forward(dropout1.output)
    activation3.forward(dense2.output)
    data_loss = loss_function.calculate(activation3.output, y)
    loss_function.backward(activation3.output, y)
    activation3.backward(loss_function.dinputs)
    dense2.backward(activation3.dinputs)
    dropout1.backward(dense2.dinputs)
    activation1.backward(dropout1.dinputs)
    dense1.backward(activation1.dinputs)
    optimizer.pre_update_params()
    optimizer.update_params(dense1)
    optimizer.update_params(dense2)
    optimizer.post_update_params()

dense1.dweights.dtype
dense1.dbiases.dtype
dense1.weights.sum(dtype=np.float64)
dense1.biases.sum(dtype=np.float64)
dense2.weights.sum(dtype=np.float64)
