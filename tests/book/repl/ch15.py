# Chapter 15: dropout; the share kept, its mask, and 101 epochs with it.
import numpy as np
import nnfs
from nnfs.datasets import spiral_data

from engine.book import *

nnfs.init()
X, y = spiral_data(samples=100, classes=3)
dense1 = Layer_Dense(2, 64, weight_regularizer_l2=5e-4, bias_regularizer_l2=5e-4)
activation1 = Activation_ReLU()
dropout1 = Layer_Dropout(0.1)
dropout1.rate
dense2 = Layer_Dense(64, 3)
loss_activation = Activation_Softmax_Loss_CategoricalCrossentropy()
optimizer = Optimizer_Adam(learning_rate=0.05, decay=5e-5)
for epoch in range(101):
    dense1.forward(X)
    activation1.forward(dense1.output)
    dropout1.forward(activation1.output)
    dense2.forward(dropout1.output)
    data_loss = loss_activation.forward(dense2.output, y)
    if not epoch % 50:
        print(f'epoch: {epoch}, data_loss: {data_loss:.3f}, lr: {optimizer.current_learning_rate}')
    loss_activation.backward(loss_activation.output, y)
    dense2.backward(loss_activation.dinputs)
    dropout1.backward(dense2.dinputs)
    activation1.backward(dropout1.dinputs)
    dense1.backward(activation1.dinputs)
    optimizer.pre_update_params()
    optimizer.update_params(dense1)
    optimizer.update_params(dense2)
    optimizer.post_update_params()

dropout1.binary_mask[:2, :8]
np.mean(dropout1.binary_mask > 0)
dropout1.dinputs[:1, :4]
# Adagrad with dropout: the dense layer before the dropout gets float64 bias gradients.
dense1 = Layer_Dense(2, 64)
dense2 = Layer_Dense(64, 3)
dropout1 = Layer_Dropout(0.1)
optimizer = Optimizer_Adagrad(decay=1e-4)
for epoch in range(21):
    dense1.forward(X)
    activation1.forward(dense1.output)
    dropout1.forward(activation1.output)
    dense2.forward(dropout1.output)
    data_loss = loss_activation.forward(dense2.output, y)
    loss_activation.backward(loss_activation.output, y)
    dense2.backward(loss_activation.dinputs)
    dropout1.backward(dense2.dinputs)
    activation1.backward(dropout1.dinputs)
    dense1.backward(activation1.dinputs)
    optimizer.pre_update_params()
    optimizer.update_params(dense1)
    optimizer.update_params(dense2)
    optimizer.post_update_params()

dense1.dbiases.dtype
dense1.bias_cache.dtype
dense1.bias_cache[:, :3].tolist()
dense1.weights.sum(dtype=np.float64)
dense1.biases.sum(dtype=np.float64)
dense2.weights.sum(dtype=np.float64)
