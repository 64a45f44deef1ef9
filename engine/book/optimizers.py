"""The book's four optimizers: nnwb's, under the book's names and with its signatures.

nnwb's ``update_params(layer)`` keeps the state on the layer under the book's names
(``weight_momentums``, ``bias_cache``, ...) and widens it as the book's arithmetic does
when a gradient is float64 beside float32 parameters (``engine.optimizers``). The book
names keep each setting as given, after nnwb has checked it: ``Optimizer_SGD(learning_rate=1)``
prints ``lr: 1`` as the book's does, not ``lr: 1.0``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from engine.book.book_class import BookClass
from engine.optimizers import SGD, Adagrad, Adam, RMSprop

# The book's three calls of every step, which nnwb's optimizers implement.
_STEP = ("pre_update_params", "update_params", "post_update_params")


def _keep_given(optimizer: Any, **given: Any) -> None:
    """Put back the settings as the learner gave them (nnwb's constructor made them floats)."""
    for name, value in given.items():
        setattr(optimizer, name, value)
    optimizer.current_learning_rate = given["learning_rate"]


class Optimizer_SGD(SGD, metaclass=BookClass):
    """``Optimizer_SGD(learning_rate=1., decay=0., momentum=0.)``."""

    book_inherited: ClassVar[tuple[str, ...]] = _STEP

    def __init__(self, learning_rate: float = 1.0, decay: float = 0.0, momentum: float = 0.0) -> None:
        SGD.__init__(self, learning_rate, decay, momentum)
        _keep_given(self, learning_rate=learning_rate, decay=decay, momentum=momentum)


class Optimizer_Adagrad(Adagrad, metaclass=BookClass):
    """``Optimizer_Adagrad(learning_rate=1., decay=0., epsilon=1e-7)``."""

    book_inherited: ClassVar[tuple[str, ...]] = _STEP

    def __init__(self, learning_rate: float = 1.0, decay: float = 0.0, epsilon: float = 1e-7) -> None:
        Adagrad.__init__(self, learning_rate, decay, epsilon)
        _keep_given(self, learning_rate=learning_rate, decay=decay, epsilon=epsilon)


class Optimizer_RMSprop(RMSprop, metaclass=BookClass):
    """``Optimizer_RMSprop(learning_rate=0.001, decay=0., epsilon=1e-7, rho=0.9)``."""

    book_inherited: ClassVar[tuple[str, ...]] = _STEP

    def __init__(self, learning_rate: float = 0.001, decay: float = 0.0, epsilon: float = 1e-7, rho: float = 0.9) -> None:
        RMSprop.__init__(self, learning_rate, decay, epsilon, rho)
        _keep_given(self, learning_rate=learning_rate, decay=decay, epsilon=epsilon, rho=rho)


class Optimizer_Adam(Adam, metaclass=BookClass):
    """``Optimizer_Adam(learning_rate=0.001, decay=0., epsilon=1e-7, beta_1=0.9, beta_2=0.999)``."""

    book_inherited: ClassVar[tuple[str, ...]] = _STEP

    def __init__(
        self, learning_rate: float = 0.001, decay: float = 0.0, epsilon: float = 1e-7, beta_1: float = 0.9,
        beta_2: float = 0.999,
    ) -> None:
        Adam.__init__(self, learning_rate, decay, epsilon, beta_1, beta_2)
        _keep_given(self, learning_rate=learning_rate, decay=decay, epsilon=epsilon, beta_1=beta_1, beta_2=beta_2)
