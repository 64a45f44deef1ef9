"""The book's four optimizers: nnwb's, under the book's names and with its signatures.

nnwb's ``update_params(layer)`` keeps the state on the layer under the book's names
(``weight_momentums``, ``bias_cache``, ...) and widens it as the book's arithmetic does
when a gradient is float64 beside float32 parameters (``engine.optimizers``), so nothing
is added here.
"""

from __future__ import annotations

from engine.optimizers import SGD, Adagrad, Adam, RMSprop


class Optimizer_SGD(SGD):
    """``Optimizer_SGD(learning_rate=1., decay=0., momentum=0.)``."""


class Optimizer_Adagrad(Adagrad):
    """``Optimizer_Adagrad(learning_rate=1., decay=0., epsilon=1e-7)``."""


class Optimizer_RMSprop(RMSprop):
    """``Optimizer_RMSprop(learning_rate=0.001, decay=0., epsilon=1e-7, rho=0.9)``."""


class Optimizer_Adam(Adam):
    """``Optimizer_Adam(learning_rate=0.001, decay=0., epsilon=1e-7, beta_1=0.9, beta_2=0.999)``."""
