"""Errors that explain themselves in the learner's terms.

A ShapeError says which two matrices disagree, in which dimension, and what to change,
then quotes NumPy's own message. The same facts are fields, so the UI can colour the
culprit without parsing text.
"""

from __future__ import annotations

from typing import NamedTuple

Shape = tuple[int, ...]

_AXIS_WORDS = {0: "rows", 1: "columns"}


def axis_word(axis: int) -> str:
    """'rows' for axis 0, 'columns' for axis 1 of a 2-D matrix."""
    return _AXIS_WORDS.get(axis, f"entries along axis {axis}")


class ShapeFacts(NamedTuple):
    """The structured part of a ShapeError: what met what, and where it broke."""

    operation: str  # "dot", "add bias", "labels", "class index"
    left: str  # e.g. "inputs"
    left_shape: Shape
    right: str  # e.g. "weights"
    right_shape: Shape
    left_axis: int | None  # the axis of the left operand that disagrees
    right_axis: int | None  # the axis of the right operand that disagrees
    layer: int | None = None  # 1-based layer number, when a layer is involved


class ShapeError(ValueError):
    """Two operands whose shapes cannot meet.

    ``str(error)`` is the full explanation: the problem, the fix, then NumPy's message.
    ``problem``, ``fix`` and ``numpy_message`` are there separately for the UI.
    """

    def __init__(
        self,
        facts: ShapeFacts,
        problem: str,
        fix: str,
        numpy_message: str = "",
        fix_action: str | None = None,
    ) -> None:
        self.facts = facts
        self.problem = problem
        self.fix = fix
        self.numpy_message = numpy_message
        # A machine-readable name of the one-step fix ("transpose weights",
        # "resize layer inputs"...), so the UI can offer it as an action.
        self.fix_action = fix_action
        super().__init__(self.text)

    @property
    def text(self) -> str:
        lines = [self.problem, self.fix]
        if self.numpy_message:
            lines.append(f"NumPy says: {self.numpy_message}")
        return "\n".join(lines)

    @property
    def kind(self) -> str:
        """What the user is told it is: "Label error" when the labels cannot meet the
        predictions (the network itself is fine), else "Shape error"; the app and ``nnwb run`` say the same."""
        return "Label error" if self.facts.operation in ("labels", "class index") else "Shape error"

    # Convenience pass-throughs so callers can write error.left_shape.
    @property
    def operation(self) -> str:
        return self.facts.operation

    @property
    def layer(self) -> int | None:
        return self.facts.layer

    @property
    def left(self) -> str:
        return self.facts.left

    @property
    def right(self) -> str:
        return self.facts.right

    @property
    def left_shape(self) -> Shape:
        return self.facts.left_shape

    @property
    def right_shape(self) -> Shape:
        return self.facts.right_shape

    @property
    def left_axis(self) -> int | None:
        return self.facts.left_axis

    @property
    def right_axis(self) -> int | None:
        return self.facts.right_axis


class MatrixValueError(ValueError):
    """A matrix typed or given by the user that is not a clean grid of finite numbers.

    ``row`` and ``column`` (0-based) say where, when one place is to blame.
    """

    def __init__(self, message: str, row: int | None = None, column: int | None = None) -> None:
        self.row = row
        self.column = column
        super().__init__(message)
