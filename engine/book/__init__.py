"""The book's own class names, on nnwb's engine: ``from engine.book import *``.

A chapter script of *Neural Networks from Scratch* (Sentdex/nnfs_book) whose class
definitions are replaced by ``from engine.book import *`` runs on nnwb's classes and, with
its ``nnfs.init()`` kept, prints the book's numbers. One module serves every chapter:
``forward(inputs)`` (chapters 2-17) and ``forward(inputs, training)`` (18 on); the combined
softmax/loss class's ``forward(inputs, y_true)`` (9-17) and ``backward`` (18 on);
``Loss.regularization_loss(layer)`` (14-17) and ``regularization_loss()`` (18 on).

Typed into a REPL or a notebook they behave as the book's: ``forward`` and ``backward``
return None (nothing is echoed), attributes hold the book's values (``Layer_Dropout(0.1).rate``
is 0.9, the share kept), ``help()`` shows the book's methods, and the book's own classes mix
with these under ``Model``.

What differs from the book, on purpose: ``Layer_Dense(..., weight_scale=0.1)`` (a keyword)
for chapter 17's ``0.1 * randn`` layers; ``Loss_MeanAbsoluteError``'s gradient has the
maths' sign, not the book's printed slip; models and parameters are saved as ``.npz`` with
a JSON description, never pickled.
"""

from engine.book.accuracy import Accuracy, Accuracy_Categorical, Accuracy_Regression
from engine.book.activations import (
    Activation_Linear,
    Activation_ReLU,
    Activation_Sigmoid,
    Activation_Softmax,
)
from engine.book.book_file_error import BookFileError
from engine.book.layers import Layer_Dense, Layer_Dropout, Layer_Input
from engine.book.losses import (
    Activation_Softmax_Loss_CategoricalCrossentropy,
    Loss,
    Loss_BinaryCrossentropy,
    Loss_CategoricalCrossentropy,
    Loss_MeanAbsoluteError,
    Loss_MeanSquaredError,
)
from engine.book.model import Model
from engine.book.optimizers import (
    Optimizer_Adagrad,
    Optimizer_Adam,
    Optimizer_RMSprop,
    Optimizer_SGD,
)

__all__ = [
    "Accuracy",
    "Accuracy_Categorical",
    "Accuracy_Regression",
    "Activation_Linear",
    "Activation_ReLU",
    "Activation_Sigmoid",
    "Activation_Softmax",
    "Activation_Softmax_Loss_CategoricalCrossentropy",
    "BookFileError",
    "Layer_Dense",
    "Layer_Dropout",
    "Layer_Input",
    "Loss",
    "Loss_BinaryCrossentropy",
    "Loss_CategoricalCrossentropy",
    "Loss_MeanAbsoluteError",
    "Loss_MeanSquaredError",
    "Model",
    "Optimizer_Adagrad",
    "Optimizer_Adam",
    "Optimizer_RMSprop",
    "Optimizer_SGD",
]
