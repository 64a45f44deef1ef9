"""The backward pass in an exported script (``nnwb export --backward``), as the book's chapter 9 runs it.

Each class the script writes gets its ``backward`` method, computing what the engine's own
does in the same order (so the script prints ``nnwb run --json``'s gradients): ``Layer_Dense``
``dweights = inputs.T · dvalues``, ``dbiases`` the column sums, ``dinputs = dvalues · weights.T``
(and, when a layer is regularised, chapter 14's terms); the activations' derivatives; the
losses' gradients, and softmax with cross-entropy as the book's combined
``Activation_Softmax_Loss_CategoricalCrossentropy``. Then the calls from the loss back to the
first layer, and each layer's ``dweights`` and ``dbiases`` printed.
"""

from __future__ import annotations

import re

from engine.activations import Linear
from engine.network import Network, Trace

COMBINED = "Activation_Softmax_Loss_CategoricalCrossentropy"

_DENSE_INIT_REGULARIZED = '''    # Layer initialization: small random weights, biases at zero
    # (the exported layers below replace both with the workbench's numbers),
    # and the strengths of L1 and L2 regularisation (0: none)
    def __init__(self, n_inputs, n_neurons,
                 weight_regularizer_l1=0, weight_regularizer_l2=0,
                 bias_regularizer_l1=0, bias_regularizer_l2=0):
        self.weights = 0.01 * np.random.randn(n_inputs, n_neurons)
        self.biases = np.zeros((1, n_neurons))
        self.weight_regularizer_l1 = weight_regularizer_l1
        self.weight_regularizer_l2 = weight_regularizer_l2
        self.bias_regularizer_l1 = bias_regularizer_l1
        self.bias_regularizer_l2 = bias_regularizer_l2
'''

_DENSE = '''
    # Backward pass: each weight's input times its neuron's gradient, summed
    # over the batch; a bias moves its neuron's output one for one
    def backward(self, dvalues):
        self.dweights = np.dot(self.inputs.T, dvalues)
        self.dbiases = np.sum(dvalues, axis=0, keepdims=True)
{regularization}        # The gradient for the layer before
        self.dinputs = np.dot(dvalues, self.weights.T)
'''

_REGULARIZATION = '''        # Regularisation: L1's slope is +1 or -1 (+1 at 0), L2's is 2 * w
        if self.weight_regularizer_l1 > 0:
            dL1 = np.ones_like(self.weights)
            dL1[self.weights < 0] = -1
            self.dweights += self.weight_regularizer_l1 * dL1
        if self.weight_regularizer_l2 > 0:
            self.dweights += 2 * self.weight_regularizer_l2 * self.weights
        if self.bias_regularizer_l1 > 0:
            dL1 = np.ones_like(self.biases)
            dL1[self.biases < 0] = -1
            self.dbiases += self.bias_regularizer_l1 * dL1
        if self.bias_regularizer_l2 > 0:
            self.dbiases += 2 * self.bias_regularizer_l2 * self.biases
'''

_METHODS = {
    "Activation_ReLU": '''
    # Backward pass: the gradient passes where the input was positive, 0 elsewhere
    def backward(self, dvalues):
        self.dinputs = dvalues.copy()
        self.dinputs[self.inputs <= 0] = 0
''',
    "Activation_Softmax": '''
    # Backward pass: each row times softmax's Jacobian diag(s) - s s^T, written
    # without building the Jacobians: s * (dvalues - the row's dvalues . s)
    def backward(self, dvalues):
        weighted = np.sum(dvalues * self.output, axis=1, keepdims=True)
        self.dinputs = self.output * (dvalues - weighted)
''',
    "Activation_Sigmoid": '''
    # Backward pass: sigmoid's derivative is s * (1 - s)
    def backward(self, dvalues):
        self.dinputs = dvalues * (1 - self.output) * self.output
''',
    "Loss_BinaryCrossentropy": '''
    # Backward pass: the gradient of the mean loss, per output and per sample
    def backward(self, dvalues, y_true):
        samples = len(dvalues)
        outputs = len(dvalues[0])
        clipped_dvalues = np.clip(dvalues, 1e-7, 1 - 1e-7)
        self.dinputs = -(y_true / clipped_dvalues - (1 - y_true) / (1 - clipped_dvalues)) / outputs
        self.dinputs = self.dinputs / samples
''',
    "Loss_MeanSquaredError": '''
    # Backward pass: the gradient of the mean loss, per output and per sample
    def backward(self, dvalues, y_true):
        samples = len(dvalues)
        outputs = len(dvalues[0])
        self.dinputs = -2 * (y_true - dvalues) / outputs
        self.dinputs = self.dinputs / samples
''',
    "Loss_MeanAbsoluteError": '''
    # Backward pass: the slope of |y - p| with respect to p is sign(p - y)
    # (the book prints np.sign(y_true - dvalues), which points uphill)
    def backward(self, dvalues, y_true):
        samples = len(dvalues)
        outputs = len(dvalues[0])
        self.dinputs = np.sign(dvalues - y_true) / outputs
        self.dinputs = self.dinputs / samples
''',
}

_COMBINED_CLASS = f'''

# Softmax and cross-entropy combined: their gradient together is far simpler
class {COMBINED}:

    # Backward pass: the softmax outputs minus 1 at each sample's true class,
    # divided by the number of samples
    def backward(self, dvalues, y_true):
        samples = len(dvalues)
        # One-hot rows become class indices
        if len(y_true.shape) == 2:
            y_true = np.argmax(y_true, axis=1)
        self.dinputs = dvalues.copy()
        self.dinputs[range(samples), y_true] -= 1
        self.dinputs = self.dinputs / samples
'''


def regularized(network: Network) -> bool:
    """Does any layer have L1 or L2 (so ``Layer_Dense`` takes their strengths)?"""
    return any(_strengths(step.dense) for step in network.steps)


def _strengths(dense: object) -> dict[str, float]:
    names = ("weight_regularizer_l1", "weight_regularizer_l2", "bias_regularizer_l1", "bias_regularizer_l2")
    return {name: float(getattr(dense, name)) for name in names if getattr(dense, name)}


def regularizer_arguments(dense: object) -> str:
    """``, weight_regularizer_l2=0.0005`` for a layer's constructor call."""
    return "".join(f", {name}={value!r}" for name, value in _strengths(dense).items())


def fused(network: Network, trace: Trace) -> bool:
    """Softmax with cross-entropy: taken as one step, as the engine's backward pass takes it."""
    last = network.steps[-1]
    return trace.loss_name == "categorical cross-entropy" and last.activation.name == "softmax" and not last.dropout


def with_backward(classes: list[str], network: Network, trace: Trace) -> list[str]:
    """The script's classes with their backward methods, and the combined class if it is used."""
    out = []
    for piece in classes:
        name = re.search(r"^class (\w+)", piece, re.MULTILINE)
        owner = name.group(1) if name else ""
        if owner == "Layer_Dense":
            if regularized(network):
                piece = re.sub(r"    # Layer initialization.*?self\.biases = np\.zeros\(\(1, n_neurons\)\)\n",
                               lambda _: _DENSE_INIT_REGULARIZED, piece, flags=re.DOTALL)
            piece = piece.rstrip("\n") + "\n" + _DENSE.format(regularization=_REGULARIZATION if regularized(network) else "")
        elif owner in _METHODS:
            piece = piece.rstrip("\n") + "\n" + _METHODS[owner]
        out.append(piece)
    if fused(network, trace):
        out.append(_COMBINED_CLASS)
    return out


def backward_lines(network: Network, trace: Trace, final: str) -> list[str]:
    """The backward calls, from the loss's gradient to the first layer, then the gradients printed."""
    steps = network.steps
    last = len(steps)
    lines = ["", "# Backward pass (the book's chapter 9): the loss's gradient, then each layer from the last"]
    if fused(network, trace):
        lines += [f"loss_activation = {COMBINED}()",
                  f"loss_activation.backward(activation{last}.output, y)"]
        current, first_activation = "loss_activation.dinputs", False
    elif trace.labels is not None and trace.labels.dtype.kind in "iub":
        # As engine.backward: whole-number 0/1 targets meet the predictions in their dtype, as the
        # book's uint8 y does (int64 would make the nnfs mode's float32 gradient float64).
        lines += ["# 0/1 targets in the predictions' dtype, as the book's uint8 y meets them",
                  f"loss_function.backward({final}, y.astype({final}.dtype))"]
        current, first_activation = "loss_function.dinputs", True
    else:
        lines.append(f"loss_function.backward({final}, y)")
        current, first_activation = "loss_function.dinputs", True
    dvalues = current
    for number in range(last, 0, -1):
        step = steps[number - 1]
        if (number < last or first_activation) and not isinstance(step.activation, Linear):
            lines.append(f"activation{number}.backward({current})")
            current = f"activation{number}.dinputs"
        lines.append(f"dense{number}.backward({current})")
        current = f"dense{number}.dinputs"
    lines += ["", "# The loss's gradient, then each layer's gradients: stored as the weights are, (inputs, neurons)",
              "print('dvalues:')", f"print({dvalues})"]
    for number in range(1, last + 1):
        lines += [f"print('dense{number}.dweights:')", f"print(dense{number}.dweights)",
                  f"print('dense{number}.dbiases:')", f"print(dense{number}.dbiases)"]
    return lines
