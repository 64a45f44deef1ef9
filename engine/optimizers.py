"""Optimizers: how a gradient becomes a change of the weights, as the book writes them.

Each optimizer is used the book's way, once per training step::

    optimizer.pre_update_params()      # decay the learning rate
    optimizer.update_params(dense1)    # move the weights and biases against their gradients
    optimizer.update_params(dense2)
    optimizer.post_update_params()     # count the step

``update_params(layer)`` keeps its state on the layer under the book's names
(``layer.weight_momentums``, ``layer.weight_cache``, ``layer.bias_...``), so a learner can
look at them. The Trainer instead calls ``update_flat(params, grads)`` once per step on all
the network's parameters packed in one array (see ``FlatParameters``); both run the same
update rule, ``_apply``, so they give the same numbers.

The learning rate decays as the book's does, ``lr / (1 + decay * iterations)``, and the
rate in use is ``current_learning_rate``.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from typing import ClassVar, Protocol

import numpy as np

# What ``saved_state`` returns: steps, rate, the flat state and the wide pieces' state.
SavedState = tuple[int, float, "list[np.ndarray] | None", "list[list[np.ndarray]] | None"]


class Parameterised(Protocol):
    """What ``update_params`` needs of a layer: parameters and their gradients."""

    weights: np.ndarray
    biases: np.ndarray
    dweights: np.ndarray | None
    dbiases: np.ndarray | None


def _check(name: str, value: float, *, low: float, low_open: bool = False, high: float | None = None) -> float:
    """A finite float in range, or a ValueError that says which range (the UI shows it)."""
    number = float(value)
    too_low = number <= low if low_open else number < low
    too_high = high is not None and number >= high
    if not math.isfinite(number) or too_low or too_high:
        lower = f"> {low:g}" if low_open else f">= {low:g}"
        upper = f" and < {high:g}" if high is not None else ""
        raise ValueError(f"{name} must be a finite number {lower}{upper}, not {value}")
    return number


class Optimizer:
    """The parts every optimizer shares: the learning rate, its decay and the step count."""

    name: ClassVar[str] = ""
    # The book's attribute suffixes of the per-parameter state, e.g. ("momentums", "cache").
    state_names: ClassVar[tuple[str, ...]] = ()
    # Whether ``update_params``'s state widens to a float64 gradient's dtype beside float32
    # parameters, as the book's ``cache = rho * cache + ...`` does by assigning a new array.
    state_widens: ClassVar[bool] = True

    def __init__(self, learning_rate: float, decay: float = 0.0) -> None:
        self.learning_rate = _check("learning_rate", learning_rate, low=0.0, low_open=True)
        self.decay = _check("decay", decay, low=0.0)
        self.current_learning_rate = self.learning_rate
        self.iterations = 0
        self._flat_state: list[np.ndarray] | None = None
        self._flat_scratch: tuple[np.ndarray, np.ndarray] | None = None
        # The state of the pieces ``update_flat`` moves with float64 gradients (``wide``).
        self._wide_state: list[list[np.ndarray]] | None = None

    def pre_update_params(self) -> None:
        """Decay the learning rate for this step: ``lr / (1 + decay * iterations)``."""
        if self.decay:
            self.current_learning_rate = self.learning_rate * (1.0 / (1.0 + self.decay * self.iterations))

    def update_params(self, layer: Parameterised) -> None:
        """Move a layer's weights and biases (in place) against ``dweights`` and ``dbiases``."""
        dweights, dbiases = layer.dweights, layer.dbiases
        if dweights is None or dbiases is None:
            raise RuntimeError("update_params needs gradients: call the layer's backward(dvalues) first")
        names = self._state_attributes()
        self._update_piece(layer, names[0], layer.weights, dweights)
        self._update_piece(layer, names[1], layer.biases, dbiases)

    def _update_piece(self, layer: Parameterised, names: tuple[str, ...], param: np.ndarray, grad: np.ndarray) -> None:
        if grad.shape != param.shape:
            grad = grad.reshape(param.shape)
        # The book's state and updates take the wider of the two dtypes: in the nnfs mode
        # a float64 gradient (the book's dbiases of a float64 loss gradient, chapter 17)
        # makes float64 momentums and updates, added into the float32 parameters.
        dtype = param.dtype if grad.dtype == param.dtype else np.result_type(param, grad)
        state_dtype = dtype if self.state_widens else param.dtype
        state = [self._layer_state(layer, name, param, state_dtype) for name in names]
        self._apply(param, grad, state, *self._scratch(param.shape, dtype))

    def _state_attributes(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The layer attributes of the weights' and the biases' state: ``weight_momentums``..."""
        return _attribute_names(self.state_names)

    def _scratch(self, shape: tuple[int, ...], dtype: np.dtype) -> tuple[np.ndarray, np.ndarray]:
        """Two scratch arrays for ``_apply``, kept by (shape, dtype): a step reuses the last's."""
        scratch: dict[tuple[tuple[int, ...], np.dtype], tuple[np.ndarray, np.ndarray]]
        scratch = self.__dict__.setdefault("_piece_scratch", {})
        key = (shape, dtype)
        pair = scratch.get(key)
        if pair is None:
            if len(scratch) > 64:  # layers of many shapes: start again rather than grow
                scratch.clear()
            pair = scratch[key] = (np.empty(shape, dtype), np.empty(shape, dtype))
        return pair

    def update_flat(
        self, params: np.ndarray, grads: np.ndarray, wide: Sequence[tuple[np.ndarray, np.ndarray]] = ()
    ) -> None:
        """Move every parameter in the 1-D array ``params`` (in place) against ``grads``.

        The state lives on the optimizer, sized to ``params`` on the first call; one call
        updates a whole network, which is what makes the Trainer's step cheap.

        ``wide``: (view of ``params``, float64 gradient) pairs for the pieces whose
        gradient the book's code keeps in float64 beside float32 parameters (the nnfs
        mode's chapter 15 and 17 biases, ``FusedPass``). They are moved as
        ``update_params`` moves them: float64 state and arithmetic, the result rounded
        into the float32 parameters, so a run keeps the book's numbers to the bit.
        """
        state = self._flat_state
        if state is None or (state and state[0].shape != params.shape):
            state = self._flat_state = [np.zeros_like(params) for _ in self.state_names]
        scratch = self._flat_scratch
        if scratch is None or scratch[0].shape != params.shape or scratch[0].dtype != params.dtype:
            scratch = self._flat_scratch = (np.empty_like(params), np.empty_like(params))
        # The flat step moves the wide pieces too (with their float32 gradients): undone below.
        before = [param.copy() for param, _ in wide]
        self._apply(params, grads, state, scratch[0], scratch[1])
        if wide:
            self._update_wide(wide, before)

    def _update_wide(self, wide: Sequence[tuple[np.ndarray, np.ndarray]], before: list[np.ndarray]) -> None:
        states = self._wide_state
        if states is None or len(states) != len(wide) or any(s[0].shape != g.shape for s, (_, g) in zip(states, wide) if s):
            states = self._wide_state = [[np.zeros(grad.shape, np.float64) for _ in self.state_names] for _, grad in wide]
        for (param, grad), state, old in zip(wide, states, before):
            np.copyto(param, old)
            shaped = param.reshape(grad.shape)
            self._apply(shaped, grad, state, np.empty(grad.shape, np.float64), np.empty(grad.shape, np.float64))

    def post_update_params(self) -> None:
        self.iterations += 1

    def reset(self) -> None:
        """Forget every step: iterations 0, the first learning rate, no flat state.

        State kept on layers by ``update_params`` is the layers' own; the Trainer never
        uses it.
        """
        self.iterations = 0
        self.current_learning_rate = self.learning_rate
        self._flat_state = None
        self._wide_state = None

    def saved_state(self) -> SavedState:
        """A copy of where the optimizer is (steps, rate, flat state), for ``restore_state``."""
        state = None if self._flat_state is None else [a.copy() for a in self._flat_state]
        wide = None if self._wide_state is None else [[a.copy() for a in piece] for piece in self._wide_state]
        return self.iterations, self.current_learning_rate, state, wide

    def restore_state(self, saved: SavedState) -> None:
        """Back to a ``saved_state()``: as if the steps since were never taken."""
        self.iterations, self.current_learning_rate, self._flat_state, self._wide_state = saved

    def clear_state(self) -> None:
        """Drop the momentums and caches (e.g. after they overflowed) but keep counting steps."""
        self._flat_state = None
        self._wide_state = None

    def settings(self) -> dict[str, float]:
        """The constructor's arguments, by name (for showing and for rebuilding)."""
        return {"learning_rate": self.learning_rate, "decay": self.decay}

    def __repr__(self) -> str:
        args = ", ".join(f"{key}={value!r}" for key, value in self.settings().items())
        return f"{type(self).__name__}({args})"

    @staticmethod
    def _layer_state(layer: Parameterised, attribute: str, like: np.ndarray, dtype: np.dtype) -> np.ndarray:
        # The book's ``if not hasattr(layer, 'weight_cache')``: created at zero on first use.
        value = getattr(layer, attribute, None)
        if value is None or value.shape != like.shape:
            value = np.zeros(like.shape, dtype=dtype)
            setattr(layer, attribute, value)
        elif value.dtype != dtype and np.result_type(value, dtype) != value.dtype:
            value = value.astype(dtype)  # the book's state widens the first time it meets a wider gradient
            setattr(layer, attribute, value)
        return value

    def _apply(
        self, param: np.ndarray, grad: np.ndarray, state: list[np.ndarray], tmp: np.ndarray, tmp2: np.ndarray
    ) -> None:
        """The update rule, in place on ``param`` and ``state``; ``tmp``s are scratch."""
        raise NotImplementedError


# In the update rules below a ufunc's third argument is its ``out`` (the array written in
# place): given by position, as the keyword costs more to parse on the book's small arrays.


class SGD(Optimizer):
    """Stochastic gradient descent: ``w -= lr * dw``; with momentum, the update keeps a
    fraction of the previous update, ``m = momentum * m - lr * dw; w += m``, which rolls
    through small bumps and along narrow valleys of the loss."""

    name = "sgd"
    state_names = ("momentums",)

    def __init__(self, learning_rate: float = 1.0, decay: float = 0.0, momentum: float = 0.0) -> None:
        super().__init__(learning_rate, decay)
        self.momentum = _check("momentum", momentum, low=0.0, high=1.0)

    def settings(self) -> dict[str, float]:
        return {**super().settings(), "momentum": self.momentum}

    def _apply(
        self, param: np.ndarray, grad: np.ndarray, state: list[np.ndarray], tmp: np.ndarray, tmp2: np.ndarray
    ) -> None:
        if self.momentum:
            momentums = state[0]
            np.multiply(momentums, self.momentum, momentums)
            np.multiply(grad, self.current_learning_rate, tmp)
            np.subtract(momentums, tmp, momentums)
            np.add(param, momentums, param)
        else:
            np.multiply(grad, -self.current_learning_rate, tmp)
            np.add(param, tmp, param)


class Adagrad(Optimizer):
    """Per-parameter rates: each step divides by the root of the sum of that parameter's
    squared gradients so far, so often-moved parameters slow down: ``cache += dw**2;
    w -= lr * dw / (sqrt(cache) + epsilon)``."""

    name = "adagrad"
    state_names = ("cache",)
    # The book adds in place, ``cache += dw**2``: the cache keeps the parameters' dtype.
    state_widens = False

    def __init__(self, learning_rate: float = 1.0, decay: float = 0.0, epsilon: float = 1e-7) -> None:
        super().__init__(learning_rate, decay)
        self.epsilon = _check("epsilon", epsilon, low=0.0, low_open=True)

    def settings(self) -> dict[str, float]:
        return {**super().settings(), "epsilon": self.epsilon}

    def _apply(
        self, param: np.ndarray, grad: np.ndarray, state: list[np.ndarray], tmp: np.ndarray, tmp2: np.ndarray
    ) -> None:
        cache = state[0]
        np.multiply(grad, grad, tmp)
        np.add(cache, tmp, cache)
        if cache.dtype != tmp.dtype:
            # A float64 gradient beside a float32 cache (update_params only): the book's
            # ``sqrt(cache) + epsilon`` is in the cache's float32, the rest in float64.
            denominator = np.sqrt(cache)
            np.add(denominator, self.epsilon, denominator)
            np.multiply(grad, -self.current_learning_rate, tmp2)
            np.divide(tmp2, denominator, tmp2)
            np.add(param, tmp2, param)
            return
        _divide_step(param, grad, cache, -self.current_learning_rate, self.epsilon, tmp, tmp2)


class RMSprop(Optimizer):
    """Adagrad with a cache that forgets: ``cache = rho * cache + (1 - rho) * dw**2``, so
    the rates adapt to recent gradients instead of shrinking for ever."""

    name = "rmsprop"
    state_names = ("cache",)

    def __init__(
        self, learning_rate: float = 0.001, decay: float = 0.0, epsilon: float = 1e-7, rho: float = 0.9
    ) -> None:
        super().__init__(learning_rate, decay)
        self.epsilon = _check("epsilon", epsilon, low=0.0, low_open=True)
        self.rho = _check("rho", rho, low=0.0, high=1.0)

    def settings(self) -> dict[str, float]:
        return {**super().settings(), "epsilon": self.epsilon, "rho": self.rho}

    def _apply(
        self, param: np.ndarray, grad: np.ndarray, state: list[np.ndarray], tmp: np.ndarray, tmp2: np.ndarray
    ) -> None:
        cache = state[0]
        _moving_average_of_squares(cache, grad, self.rho, tmp)
        _divide_step(param, grad, cache, -self.current_learning_rate, self.epsilon, tmp, tmp2)


class Adam(Optimizer):
    """Momentum and RMSprop together, each corrected for starting at zero:

    ``m = beta_1 * m + (1 - beta_1) * dw``, ``cache = beta_2 * cache + (1 - beta_2) * dw**2``,
    ``w -= lr * (m / (1 - beta_1**t)) / (sqrt(cache / (1 - beta_2**t)) + epsilon)``, with t
    the step number counted from 1.
    """

    name = "adam"
    state_names = ("momentums", "cache")

    def __init__(
        self,
        learning_rate: float = 0.001,
        decay: float = 0.0,
        epsilon: float = 1e-7,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
    ) -> None:
        super().__init__(learning_rate, decay)
        self.epsilon = _check("epsilon", epsilon, low=0.0, low_open=True)
        self.beta_1 = _check("beta_1", beta_1, low=0.0, high=1.0)
        self.beta_2 = _check("beta_2", beta_2, low=0.0, high=1.0)

    def settings(self) -> dict[str, float]:
        return {**super().settings(), "epsilon": self.epsilon, "beta_1": self.beta_1, "beta_2": self.beta_2}

    def _apply(
        self, param: np.ndarray, grad: np.ndarray, state: list[np.ndarray], tmp: np.ndarray, tmp2: np.ndarray
    ) -> None:
        momentums, cache = state
        step = self.iterations + 1
        np.multiply(momentums, self.beta_1, momentums)
        np.multiply(grad, 1 - self.beta_1, tmp)
        np.add(momentums, tmp, momentums)
        _moving_average_of_squares(cache, grad, self.beta_2, tmp)
        # The book's operation order, so that results match its code to the last bit.
        np.divide(cache, 1 - self.beta_2**step, tmp)
        np.sqrt(tmp, tmp)
        np.add(tmp, self.epsilon, tmp)
        np.divide(momentums, 1 - self.beta_1**step, tmp2)
        np.multiply(tmp2, -self.current_learning_rate, tmp2)
        np.divide(tmp2, tmp, tmp2)
        np.add(param, tmp2, param)


@functools.cache
def _attribute_names(state_names: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The book's names of a layer's optimizer state, made once per optimizer class."""
    weight, bias = (tuple(f"{kind}_{name}" for name in state_names) for kind in ("weight", "bias"))
    return weight, bias


def _moving_average_of_squares(cache: np.ndarray, grad: np.ndarray, rho: float, tmp: np.ndarray) -> None:
    """``cache = rho * cache + (1 - rho) * grad**2``, in place."""
    np.multiply(cache, rho, cache)
    np.multiply(grad, grad, tmp)
    np.multiply(tmp, 1 - rho, tmp)
    np.add(cache, tmp, cache)


def _divide_step(
    param: np.ndarray, grad: np.ndarray, cache: np.ndarray, scale: float, epsilon: float, tmp: np.ndarray,
    tmp2: np.ndarray,
) -> None:
    """``param += scale * grad / (sqrt(cache) + epsilon)``, in place."""
    np.sqrt(cache, tmp)
    np.add(tmp, epsilon, tmp)
    np.multiply(grad, scale, tmp2)
    np.divide(tmp2, tmp, tmp2)
    np.add(param, tmp2, param)


OPTIMIZERS: dict[str, type[Optimizer]] = {cls.name: cls for cls in (SGD, Adagrad, RMSprop, Adam)}


def optimizer_named(name: str, **settings: float) -> Optimizer:
    """A new optimizer from its name ("sgd", "adagrad", "rmsprop", "adam") and settings."""
    try:
        cls = OPTIMIZERS[name.lower()]
    except KeyError:
        names = ", ".join(OPTIMIZERS)
        raise ValueError(f'no optimizer called "{name}": choose one of {names}') from None
    return cls(**settings)
