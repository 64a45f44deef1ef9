# Chapters 19-21: the Model in batches of 128 (shuffled data, validation each epoch), its
# parameters saved and loaded into a new model (no optimizer), the whole model saved,
# loaded, evaluated, asked to predict, and trained on from where it stopped.
import os
import sys

import numpy as np
import nnfs
from nnfs.datasets import spiral_data

from engine.book import *

nnfs.init()
folder = sys.argv[1]
X, y = spiral_data(samples=1000, classes=3)
X_test, y_test = spiral_data(samples=100, classes=3)
keys = np.array(range(X.shape[0]))
np.random.shuffle(keys)
X, y = X[keys], y[keys]


def layers(model):
    model.add(Layer_Dense(2, 64, weight_regularizer_l2=5e-4, bias_regularizer_l2=5e-4))
    model.add(Activation_ReLU())
    model.add(Layer_Dropout(0.1))
    model.add(Layer_Dense(64, 3))
    model.add(Activation_Softmax())


model = Model()
layers(model)
model.set(
    loss=Loss_CategoricalCrossentropy(),
    optimizer=Optimizer_Adam(learning_rate=0.05, decay=5e-5),
    accuracy=Accuracy_Categorical(),
)
model.finalize()
model.train(X, y, validation_data=(X_test, y_test), epochs=3, batch_size=128, print_every=10)
parameters_path = os.path.join(folder, 'spiral.parms')
model_path = os.path.join(folder, 'spiral.model')
model.save_parameters(parameters_path)
model.save(model_path)

model = Model()
layers(model)
model.set(loss=Loss_CategoricalCrossentropy(), accuracy=Accuracy_Categorical())
model.finalize()
model.load_parameters(parameters_path)
model.evaluate(X_test, y_test)

model = Model.load(model_path)
model.evaluate(X_test, y_test)
confidences = model.predict(X_test[:5])
print(confidences)
print(model.output_layer_activation.predictions(confidences))
model.train(X, y, epochs=1, batch_size=128, print_every=100)
print(sorted(os.listdir(folder)))
