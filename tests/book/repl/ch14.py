# Chapter 14: L1 and L2 regularisation; the penalties, their gradients, 201 epochs of Adam.
import numpy as np
import nnfs
from nnfs.datasets import spiral_data

from engine.book import *

nnfs.init()
X, y = spiral_data(samples=100, classes=3)
dense1 = Layer_Dense(2, 64, weight_regularizer_l2=5e-4, bias_regularizer_l2=5e-4)
activation1 = Activation_ReLU()
dense2 = Layer_Dense(64, 3, weight_regularizer_l1=1e-4)
loss_activation = Activation_Softmax_Loss_CategoricalCrossentropy()
optimizer = Optimizer_Adam(learning_rate=0.02, decay=5e-7)
dense1.weight_regularizer_l1, dense1.weight_regularizer_l2
dense2.bias_regularizer_l2
for epoch in range(201):
    dense1.forward(X)
    activation1.forward(dense1.output)
    dense2.forward(activation1.output)
    data_loss = loss_activation.forward(dense2.output, y)
    regularization_loss = (
        loss_activation.loss.regularization_loss(dense1) + loss_activation.loss.regularization_loss(dense2)
    )
    if not epoch % 50:
        print(f'epoch: {epoch}, data_loss: {data_loss:.3f}, reg_loss: {regularization_loss:.5f}')
    loss_activation.backward(loss_activation.output, y)
    dense2.backward(loss_activation.dinputs)
    activation1.backward(dense2.dinputs)
    dense1.backward(activation1.dinputs)
    optimizer.pre_update_params()
    optimizer.update_params(dense1)
    optimizer.update_params(dense2)
    optimizer.post_update_params()

loss_activation.loss.regularization_loss(dense1)
loss_activation.loss.regularization_loss(dense2)
dense2.dbiases
Layer_Dense(2, 3, weight_regularizer_l2=np.float32(5e-4)).weight_regularizer_l2
Layer_Dense(2, 3, True).weight_regularizer_l1
