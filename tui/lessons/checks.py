"""The closed vocabulary of a lesson's checks, and how each is evaluated.

A task's check is a TOML table: ``check = "<kind>"`` and the keys below. Nothing is
evaluated as code: each kind is a class here that reads the document and its trace (the
engine's numbers, never the screen's text) or the events the app recorded
(``tui.lessons.context``). A key that is not listed, a missing key, a value of the wrong
type or out of range is refused when the lesson is loaded (``load_lesson``). A new kind gets
a section in LESSONS.md, the teacher's reference (its key table is generated:
``python -m tui.lessons.reference``); a test fails until it has one.

Addresses are those of the screen: ``layer`` is 1-based ("Layer 1"); ``row`` and
``column`` are numbered as the grids' headers number them, from 0 (s0 is row 0, n1 is
column 1), as NumPy indexes them. Weights are addressed as Layer_Dense stores them,
(n_inputs, n_neurons): row i is an input, column n a neuron, whatever view is on screen.

Comparisons (where a kind says *compare*): ``equals = V`` with ``tolerance = T``
(default 1e-6), or ``at_most = V`` and/or ``at_least = V``.

State checks (graded from a saved session too):

- ``cell``: ``matrix`` one of inputs, labels, weights, biases, z, output, or of the
  backward pass dweights, dbiases, dinputs, dvalues; ``layer`` (for all but inputs and
  labels; for output it may be left out: the network's output; for dvalues: the loss's
  gradient); ``row``, ``column`` (leave one out for every row or every column); compare.
  "z" is the layer's sum before its activation, "output" after it. The gradients are the
  loss's derivatives with respect to the layer's weights, biases, inputs and output
  (``dvalues``: what the layer after, or the loss, sends back; the last layer's is the
  loss's gradient, for softmax + cross-entropy the combined (p − y) / samples), laid out as
  the layer stores them: dweights (inputs × neurons) as weights, dbiases one row as biases,
  dinputs (samples × inputs), dvalues (samples × neurons). With dropout they are those of
  the pass with the explain panel's example masks (``engine.backward``). A pass with no
  loss (no labels, a ReLU output, a shape error) has none: the check is not done and says why.
- ``values``: a whole matrix: ``matrix`` and ``layer`` as for cell, ``equals`` its rows
  (``[[0.2], [0.8], [-0.5]]``), ``tolerance`` (default 1e-6); with ``row``, only that row
  (``equals = [[1.0, 0.0, 0.0, 0.0]]``).
- ``unchanged``: ``matrix`` one of inputs, labels, weights, biases (``layer`` for the last
  two), optionally ``row`` and/or ``column``, ``tolerance`` (default 1e-9): equal, shape and
  numbers, to the lesson's start (its preset or session file), so a task can say "with the
  data as given" without copying it into the file (``tui.lessons.unchanged_check``).
- ``drawn``: ``layer``'s weights are ``scale · randn`` after ``seed`` for the seed and scale
  its last ``i`` used (kept in the session file), not numbers typed to look like a draw;
  optionally ``scale``, which that draw must have used (``tui.lessons.drawn_check``).
- ``shape``: ``matrix`` as for cell, ``layer``, ``equals = [rows, columns]``.
- ``shape_error``: there is a shape error; optionally ``operation`` (dot, add bias,
  labels, class index: ``engine.errors``) and ``layer``.
- ``no_shape_error``: every layer (and the labels) fit.
- ``loss``, ``accuracy``: the batch's loss or accuracy; compare. ``cost``: the notes'
  cost, errors / predictions: the error rate, 1 - accuracy (the book's "cost" is the loss); compare.
- ``sample_loss``: one sample's loss, ``row``; compare.
- ``layer_count``: ``equals`` a whole number.
- ``activation``: ``layer``, ``name`` one of the activations f offers (``tui.document.state.ACTIVATION_ORDER``:
  relu, sigmoid, softmax, linear).
- ``parameters``: ``equals`` a whole number; ``part`` weights, biases or total (default).
- ``fit``: how close a one-output network passes to number targets (a linear output's
  labels, the book's sine): the largest |output − target| over the samples ``first_row`` to
  ``last_row`` (0-based as s0 numbers them; default every sample); compare (``at_most``).
- ``regularizer``: ``layer``, ``which`` of its L1/L2 strengths (weight_l1, weight_l2, bias_l1,
  bias_l2: the session file's names; w sets them); compare. ``regularization_loss``: what
  the layers' L1/L2 add to the loss (the book's reg_loss: λ·Σ|w| + λ·Σw², and the same for
  the biases), of every layer or of ``layer``; compare. ``dropout``: the rate after
  ``layer`` (D sets it); compare. ``loss_name``: ``name`` the loss that scores the output,
  one of categorical cross-entropy, binary cross-entropy, mean squared error, mean absolute
  error (the last activation chooses it; the training view's loss setting picks a linear
  output's).
- ``answer``: a number the learner types (``=`` in the workbench asks for the first answer
  task's without a right answer, one ticked in an earlier run too): a prediction made before looking, a slope measured by nudging; compare;
  optionally ``label``, a word or two shown where the number is typed ("slope"). The
  answer is kept in the session file under the task's id (``tui.lessons.answers``); a
  wrong one shows "not yet", never the number wanted; none is "not answered".
  ``predict = true``: the answer counts only if it was typed while the task's other checks
  did not hold yet (a prediction, made before the learner did what shows the number); ``=``
  records whether it was, and how many tries (``nnwb check --show-wanted`` shows them).

Training checks (graded from a saved session too: its ``training`` object keeps the last
run, ``tui.training.last_run``; they read the run, not the form's text, so settings typed
but never trained with do not pass, nor a run reset (z) since):

- ``settings``: the settings the last training run trained with: ``optimizer`` (sgd,
  adagrad, rmsprop, adam), ``learning_rate`` (as set, before decay), ``decay``,
  ``momentum`` (0 for an optimizer other than SGD), ``epochs`` (the epochs run with these
  settings, since they were last changed or the weights reset),
  ``validation_split``, each optional and exact; and/or ``setting`` one of those numbers
  or ``current_learning_rate`` (the rate the last update used, learning_rate / (1 + decay
  · steps)) with a comparison: ``setting = "epochs"``, ``at_most = 1001``.
- ``validation``: the last run's validation figures (a validation split above 0):
  ``figure`` one of loss, accuracy, loss_gap (validation loss − training loss),
  accuracy_gap (training accuracy − validation accuracy): overfitting makes the gaps
  positive; compare.

Workbench checks (what the learner did or looks at, which a session file does not keep:
``nnwb check`` does not grade them):

- ``cursor``: the cursor is on ``matrix`` (inputs, labels, weights, biases, z, output,
  results, and step mode's dweights and dbiases grids), ``row``, ``column``; ``layer`` for
  a layer's matrix (default: any layer). On a linear layer the z grid shows the output's
  numbers (its box is titled "Layer N outputs"): a cursor there counts for ``output``.

- ``stage``: step mode showed ``stage`` of ``layer``: the forward pass's inputs,
  inputs · weights, + biases, activation, or the backward pass's loss, dvalues, dropout,
  dz, dweights, dbiases, regularization, dinputs (the walk shows dropout, dz and
  regularization only where the layer has them). The loss and dvalues are the last
  layer's: for them ``layer`` may be left out.
- ``command_used``, ``command_not_used``: the command ``command`` (a name of
  ``tui.commands.COMMANDS``, such as "fix") was / was not used while the lesson was open.
- ``trained``: a training run's weights were applied; optionally ``optimizer`` (sgd,
  adagrad, rmsprop, adam).
- ``diverged``: a training run diverged.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tui.files.safe_text import QUOTE_LIMIT, safe_text
from tui.lessons.answers import AnswerCheck
from tui.lessons.context import LessonContext
from tui.lessons.drawn_check import DrawnCheck
from tui.lessons.fit_check import FitCheck
from tui.lessons.model_checks import DropoutCheck, LossNameCheck, RegularizationLossCheck, RegularizerCheck
from tui.lessons.state_checks import (
    AccuracyCheck,
    ActivationCheck,
    CellCheck,
    CostCheck,
    LayerCountCheck,
    LossCheck,
    NoShapeErrorCheck,
    ParametersCheck,
    SampleLossCheck,
    ShapeCheck,
    ShapeErrorCheck,
    ValuesCheck,
)
from tui.lessons.training_checks import SettingsCheck, ValidationCheck
from tui.lessons.unchanged_check import UnchangedCheck
from tui.lessons.vocabulary import EXPECTED, Check, CheckResult, SpecError, read_value, shown
from tui.lessons.workbench_checks import (
    CommandNotUsedCheck,
    CommandUsedCheck,
    CursorCheck,
    DivergedCheck,
    StageCheck,
    TrainedCheck,
)

__all__ = ["KINDS", "Check", "CheckResult", "SpecError", "evaluate_all", "make_check"]


KINDS: dict[str, type[Check]] = {
    cls.kind: cls
    for cls in (
        CellCheck, ValuesCheck, ShapeCheck, ShapeErrorCheck, NoShapeErrorCheck, LossCheck, AccuracyCheck, CostCheck,
        SampleLossCheck, LayerCountCheck, ActivationCheck, ParametersCheck, CursorCheck,
        StageCheck, CommandUsedCheck, CommandNotUsedCheck, TrainedCheck, DivergedCheck,
        FitCheck,
        RegularizerCheck, RegularizationLossCheck, DropoutCheck, LossNameCheck,
        AnswerCheck, SettingsCheck, ValidationCheck,
        UnchangedCheck, DrawnCheck,
    )
}


def make_check(table: Mapping[str, Any]) -> Check:
    """The check a lesson file's table describes (``check = "<kind>"`` and its keys);
    SpecError naming the key to blame if it cannot be one."""
    kind = table.get("check")
    if kind is None:
        raise SpecError(None, f'expected check = "<kind>", one of {", ".join(KINDS)}')
    if not isinstance(kind, str) or kind not in KINDS:
        raise SpecError("check", f'unknown check kind {shown(kind)}: expected one of {", ".join(KINDS)}')
    cls = KINDS[kind]
    a = "an" if kind[0] in "aeiou" else "a"  # an "answer" check
    values: dict[str, object] = {}
    for key, value in table.items():
        if key == "check":
            continue
        if key not in cls.KEYS:
            known = ", ".join(cls.KEYS) or "no other keys"
            raise SpecError(key, f'{a} "{kind}" check has no key {safe_text(key, QUOTE_LIMIT)}: expected {known}')
        values[key] = read_value(key, cls.KEYS[key], value)
    for key, spec in cls.KEYS.items():
        if spec.required and key not in values:
            raise SpecError(None, f'{a} "{kind}" check needs {key} ({EXPECTED[spec.kind][0]})')
    for key in ("equals", "tolerance", "at_most", "at_least"):  # numbers as floats, whole counts as ints
        if key in values and cls.KEYS[key].kind == "number":
            values[key] = float(values[key])  # type: ignore[arg-type]
    check = cls(**values)
    check.validate()
    return check


def evaluate_all(checks: tuple[Check, ...], context: LessonContext) -> CheckResult:
    """All of ``checks`` on ``context``: passed when every one holds; the detail of the
    first that does not (else of them all)."""
    details = []
    for check in checks:
        result = check.evaluate(context)
        if not result.passed:
            return result
        details.append(result.detail)
    return CheckResult(True, "; ".join(details))

