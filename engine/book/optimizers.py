"""The book's four optimizers on nnwb's, with the book's state dtypes.

nnwb's ``update_params`` keeps the momentums and caches in the parameters' dtype. The
book's code writes ``layer.bias_momentums = beta * layer.bias_momentums + (1 - beta) *
layer.dbiases``: when a gradient is float64 beside float32 parameters (chapter 15's dropout
mask and chapter 17's sine data are float64 under ``nnfs.init()``, and so become some
``dbiases``), its state becomes float64 and the update is computed in float64 before it
is added to the float32 parameters. These classes keep their state and scratch in the
dtype the book's arithmetic ends in, so that those runs print the book's digits too.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from engine.optimizers import SGD, Adagrad, Adam, RMSprop


class _BookUpdates:
    """``update_params(layer)`` through nnwb's update rule (``_apply``) in the book's dtypes."""

    state_names: ClassVar[tuple[str, ...]]
    # Adagrad adds into its cache in place (``cache += dw**2``), so the book's cache keeps
    # the parameters' dtype; the others assign a new array, of the gradient's dtype.
    state_follows_gradient: ClassVar[bool] = True

    def update_params(self, layer: Any) -> None:
        if layer.dweights is None or layer.dbiases is None:
            raise RuntimeError("update_params needs gradients: call the layer's backward(dvalues) first")
        for kind, param, grad in (("weight", layer.weights, layer.dweights), ("bias", layer.biases, layer.dbiases)):
            grad = grad.reshape(param.shape)
            work = np.result_type(param, grad)
            state_dtype = work if self.state_follows_gradient else param.dtype
            state = [_state(layer, f"{kind}_{name}", param.shape, state_dtype) for name in self.state_names]
            self._apply(param, grad, state, np.empty(param.shape, work), np.empty(param.shape, work))  # type: ignore[attr-defined]


def _state(layer: Any, attribute: str, shape: tuple[int, ...], dtype: np.dtype) -> np.ndarray:
    """The layer's ``weight_momentums`` (etc.): zeros at first use, widened if it must be."""
    value = getattr(layer, attribute, None)
    if value is None or value.shape != shape:
        value = np.zeros(shape, dtype)
        setattr(layer, attribute, value)
    elif value.dtype != dtype and np.result_type(value, dtype) == dtype:
        value = value.astype(dtype)
        setattr(layer, attribute, value)
    return value


class Optimizer_SGD(_BookUpdates, SGD):
    """``Optimizer_SGD(learning_rate=1., decay=0., momentum=0.)``."""


class Optimizer_Adagrad(_BookUpdates, Adagrad):
    """``Optimizer_Adagrad(learning_rate=1., decay=0., epsilon=1e-7)``."""

    state_follows_gradient = False


class Optimizer_RMSprop(_BookUpdates, RMSprop):
    """``Optimizer_RMSprop(learning_rate=0.001, decay=0., epsilon=1e-7, rho=0.9)``."""


class Optimizer_Adam(_BookUpdates, Adam):
    """``Optimizer_Adam(learning_rate=0.001, decay=0., epsilon=1e-7, beta_1=0.9, beta_2=0.999)``."""
