# Chapter 18: the Model object; add, set, finalize, train (300 epochs on 100 a class), validate.
import numpy as np
import nnfs
from nnfs.datasets import spiral_data

from engine.book import *

nnfs.init()
X, y = spiral_data(samples=100, classes=3)
X_test, y_test = spiral_data(samples=100, classes=3)
model = Model()
model.add(Layer_Dense(2, 64, weight_regularizer_l2=5e-4, bias_regularizer_l2=5e-4))
model.add(Activation_ReLU())
model.add(Layer_Dropout(0.1))
model.add(Layer_Dense(64, 3))
model.add(Activation_Softmax())
model.set(
    loss=Loss_CategoricalCrossentropy(),
    optimizer=Optimizer_Adam(learning_rate=0.05, decay=5e-5),
    accuracy=Accuracy_Categorical(),
)
model.finalize()
len(model.trainable_layers)
model.layers[2].rate
model.train(X, y, validation_data=(X_test, y_test), epochs=300, print_every=100)
model.optimizer.iterations
model.layers[2].binary_mask.shape
model.layers[-1].predictions(model.layers[-1].output[:6])
model.layers[0].biases[:, :4]
model.layers[0].prev is model.input_layer
model.layers[0].next is model.layers[1]
model.layers[2].prev is model.layers[1]
model.layers[-1].next is model.loss
