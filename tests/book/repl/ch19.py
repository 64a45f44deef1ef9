# Chapter 19: real data in batches; stand-in Fashion-MNIST images (the set cannot be fetched
# here: a pattern per class plus noise, Fashion-MNIST's shapes and types), shuffled, scaled,
# flattened, two epochs of batches of 128.
import numpy as np
import nnfs

from engine.book import *

nnfs.init()
random = np.random.RandomState(19)
labels = random.randint(0, 10, 1200).astype('uint8')
patterns = random.randint(0, 256, (10, 28, 28))
noise = random.randint(-60, 61, (1200, 28, 28))
images = np.clip(patterns[labels] + noise, 0, 255).astype('uint8')
X, y, X_test, y_test = images[:1000], labels[:1000], images[1000:], labels[1000:]
keys = np.array(range(X.shape[0]))
np.random.shuffle(keys)
X, y = X[keys], y[keys]
X = (X.reshape(X.shape[0], -1).astype(np.float32) - 127.5) / 127.5
X_test = (X_test.reshape(X_test.shape[0], -1).astype(np.float32) - 127.5) / 127.5
X.shape, X.min(), X.max()
model = Model()
model.add(Layer_Dense(X.shape[1], 64))
model.add(Activation_ReLU())
model.add(Layer_Dense(64, 64))
model.add(Activation_ReLU())
model.add(Layer_Dense(64, 10))
model.add(Activation_Softmax())
model.set(loss=Loss_CategoricalCrossentropy(), optimizer=Optimizer_Adam(decay=1e-3), accuracy=Accuracy_Categorical())
model.finalize()
model.train(X, y, validation_data=(X_test, y_test), epochs=2, batch_size=128, print_every=4)
model.accuracy.accumulated_count
model.loss.calculate_accumulated()
