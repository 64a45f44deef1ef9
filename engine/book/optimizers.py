"""The book's four optimizers: nnwb's, under the book's names and with its signatures.

nnwb's ``update_params(layer)`` keeps the state on the layer under the book's names
(``weight_momentums``, ``bias_cache``, ...) and widens it as the book's arithmetic does
when a gradient is float64 beside float32 parameters (``engine.optimizers``), so nothing
is added here.
"""

from __future__ import annotations

from typing import ClassVar

from engine.book.book_class import BookClass
from engine.optimizers import SGD, Adagrad, Adam, RMSprop

# The book's three calls of every step, which nnwb's optimizers implement.
_STEP = ("pre_update_params", "update_params", "post_update_params")


class Optimizer_SGD(SGD, metaclass=BookClass):
    """``Optimizer_SGD(learning_rate=1., decay=0., momentum=0.)``."""

    book_inherited: ClassVar[tuple[str, ...]] = _STEP


class Optimizer_Adagrad(Adagrad, metaclass=BookClass):
    """``Optimizer_Adagrad(learning_rate=1., decay=0., epsilon=1e-7)``."""

    book_inherited: ClassVar[tuple[str, ...]] = _STEP


class Optimizer_RMSprop(RMSprop, metaclass=BookClass):
    """``Optimizer_RMSprop(learning_rate=0.001, decay=0., epsilon=1e-7, rho=0.9)``."""

    book_inherited: ClassVar[tuple[str, ...]] = _STEP


class Optimizer_Adam(Adam, metaclass=BookClass):
    """``Optimizer_Adam(learning_rate=0.001, decay=0., epsilon=1e-7, beta_1=0.9, beta_2=0.999)``."""

    book_inherited: ClassVar[tuple[str, ...]] = _STEP
