"""All of a network's parameters in one array, so an optimizer step is a handful of calls.

An optimizer step is a dozen array operations per parameter array; on a small network
each costs about a microsecond of NumPy's call overhead whatever the array's size, so
four arrays (two layers' weights and biases) cost four times one. ``FlatParameters``
copies every Dense's weights and biases into one 1-D array and makes the layers'
``weights`` and ``biases`` views of it (same shapes, same values); the gradients get a
second array, viewed as each layer's ``dweights`` and ``dbiases``. The layers read and
write exactly as before, and ``Optimizer.update_flat`` moves them all at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from engine.layers import Dense


@dataclass
class _Views:
    weights: np.ndarray
    biases: np.ndarray
    dweights: np.ndarray
    dbiases: np.ndarray


class FlatParameters:
    """One array of parameters and one of gradients, viewed by each layer.

    The arrays' dtype is the layers' common float dtype (float64 unless every parameter
    is float32, the nnfs mode). If something later assigns a new array to a layer's
    ``weights`` or ``biases`` (an edit in the workbench), ``sync`` copies it in and
    rebinds the view; a change of shape is refused, because the optimizer's state and
    the trainer's buffers were sized for the old one.
    """

    def __init__(self, layers: Sequence[Dense]) -> None:
        self.layers = list(layers)
        arrays = [a for layer in self.layers for a in (layer.weights, layer.biases)]
        dtype = np.result_type(*arrays) if arrays else np.dtype(np.float64)
        self.dtype: np.dtype = dtype if dtype.kind == "f" else np.dtype(np.float64)
        self._shapes = [(tuple(layer.weights.shape), tuple(layer.biases.shape)) for layer in self.layers]
        total = sum(int(np.prod(w)) + int(np.prod(b)) for w, b in self._shapes)
        self.params = np.empty(total, dtype=self.dtype)
        self.grads = np.zeros(total, dtype=self.dtype)
        self._views: list[_Views] = []
        offset = 0
        for layer, (w_shape, b_shape) in zip(self.layers, self._shapes):
            w_size, b_size = int(np.prod(w_shape)), int(np.prod(b_shape))
            w_end, b_end = offset + w_size, offset + w_size + b_size
            views = _Views(
                self.params[offset:w_end].reshape(w_shape),
                self.params[w_end:b_end].reshape(b_shape),
                self.grads[offset:w_end].reshape(w_shape),
                # The book's dbiases are (1, n_neurons) whatever shape the biases have.
                self.grads[w_end:b_end].reshape(1, b_size),
            )
            views.weights[...] = layer.weights
            views.biases[...] = layer.biases
            self._views.append(views)
            offset = b_end
        self._bind()

    def _bind(self) -> None:
        for layer, views in zip(self.layers, self._views):
            layer.weights = views.weights
            layer.biases = views.biases
            layer.dweights = views.dweights
            layer.dbiases = views.dbiases

    def weight_views(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """Each layer's (weights, biases) as views of ``params``."""
        return [(v.weights, v.biases) for v in self._views]

    def gradient_views(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """Each layer's (dweights, dbiases) as views of ``grads``."""
        return [(v.dweights, v.dbiases) for v in self._views]

    def augmented_views(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """Each layer's weights with its biases as one more row, (n_inputs + 1, n_neurons),
        and the same for the gradients: views, because each layer's biases follow its
        weights in the flat arrays. ``[x, 1] @ [[W], [b]] = x @ W + b``, so a product with
        these does a layer's sums and bias in one call, and its gradient both parts."""
        out = []
        offset = 0
        for w_shape, b_shape in self._shapes:
            rows, columns = w_shape[0] + 1, w_shape[1]
            size = rows * columns
            if int(np.prod(b_shape)) != columns:
                raise ValueError(f"biases {b_shape} do not fit weights {w_shape}: one bias per neuron")
            out.append(
                (self.params[offset : offset + size].reshape(rows, columns), self.grads[offset : offset + size].reshape(rows, columns))
            )
            offset += size
        return out

    def sync(self) -> None:
        """Take in arrays assigned to the layers since the last call; cheap when there are none."""
        for number, (layer, views) in enumerate(zip(self.layers, self._views), start=1):
            if layer.weights is views.weights and layer.biases is views.biases:
                if layer.dweights is not views.dweights or layer.dbiases is not views.dbiases:
                    layer.dweights, layer.dbiases = views.dweights, views.dbiases
                continue
            for name, new, view in (("weights", layer.weights, views.weights), ("biases", layer.biases, views.biases)):
                if new is view:
                    continue
                if np.shape(new) != view.shape:
                    raise ValueError(
                        f"layer {number}'s {name} changed shape from {view.shape} to {np.shape(new)} "
                        f"since training started: start a new training run for the new shape"
                    )
                view[...] = new
            layer.weights, layer.biases = views.weights, views.biases
            layer.dweights, layer.dbiases = views.dweights, views.dbiases

    def unflatten(self, values: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
        """A flat array like ``params`` as each layer's (weights, biases), copied."""
        out = []
        offset = 0
        for w_shape, b_shape in self._shapes:
            w_size, b_size = int(np.prod(w_shape)), int(np.prod(b_shape))
            weights = values[offset : offset + w_size].reshape(w_shape).copy()
            biases = values[offset + w_size : offset + w_size + b_size].reshape(b_shape).copy()
            out.append((weights, biases))
            offset += w_size + b_size
        return out

    def copy(self) -> np.ndarray:
        return self.params.copy()

    def load(self, values: np.ndarray) -> None:
        """Overwrite every parameter (in place, so the layers' views see it)."""
        np.copyto(self.params, values)
