# Chapter 9: backpropagation through the layers; the combined softmax/cross-entropy step and the two apart.
import numpy as np
import nnfs
from nnfs.datasets import spiral_data

from engine.book import *

nnfs.init()
X, y = spiral_data(samples=100, classes=3)
dense1 = Layer_Dense(2, 3)
activation1 = Activation_ReLU()
dense2 = Layer_Dense(3, 3)
loss_activation = Activation_Softmax_Loss_CategoricalCrossentropy()
dense1.forward(X)
activation1.forward(dense1.output)
dense2.forward(activation1.output)
loss_activation.forward(dense2.output, y)
np.mean(np.argmax(loss_activation.output, axis=1) == y)
loss_activation.backward(loss_activation.output, y)
dense2.backward(loss_activation.dinputs)
activation1.backward(dense2.dinputs)
dense1.backward(activation1.dinputs)
dense1.dweights
dense1.dbiases
dense2.dweights
dense2.dbiases
softmax = Activation_Softmax()
softmax.forward(dense2.output)
loss_function = Loss_CategoricalCrossentropy()
loss_function.backward(softmax.output, y)
softmax.backward(loss_function.dinputs)
softmax.dinputs[:2]
loss_activation.dinputs[:2]
softmax.dinputs[:2].tolist()
dense2.backward(softmax.dinputs)
dense2.dweights.tolist()
dense1.backward(np.ones((300, 3)) / 7)
dense1.dweights.dtype
dense1.dweights.tolist()
dense1.dbiases.dtype
dense1.dinputs.dtype
