"""The parts every check is made of: the keys a check takes and how their values are read,
the comparison (equals within a tolerance, at most, at least), and what a check returns.
The kinds themselves: ``tui.lessons.state_checks`` and ``tui.lessons.workbench_checks``;
the vocabulary as a teacher reads it: ``tui.lessons.checks``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import ClassVar, NamedTuple, cast

from engine.numbers import format_number
from tui.files.safe_text import QUOTE_LIMIT, quoted, safe_text
from tui.lessons.context import LessonContext

DEFAULT_TOLERANCE = 1e-6


class CheckResult(NamedTuple):
    passed: bool
    detail: str  # what the check saw, in the learner's words; what it wanted follows WANTED


WANTED = "; wanted "
NOT_YET = "not yet what the task asks"
_SEEN_NUMBER = re.compile(r"(.*) is (?:-?[0-9][0-9.,e+-]*|-?inf|nan)")


def told(detail: str) -> str:
    """A failed check's ``detail`` as a learner is told it: which check fails, without the
    value it wants, nor a number it computed (``sample s2's loss is 1.609`` can be another
    task's answer). A teacher's ``nnwb check --show-wanted`` prints ``detail`` whole."""
    if WANTED not in detail:
        return detail
    seen = detail.split(WANTED, 1)[0]
    number = _SEEN_NUMBER.fullmatch(seen)
    return f"{number[1]} is {NOT_YET}" if number else f"{seen}; {NOT_YET}"


class SpecError(ValueError):
    """A check's table that cannot be a check; ``key`` is the key to blame (None: the table)."""

    def __init__(self, key: str | None, message: str) -> None:
        super().__init__(message)
        self.key = key


# ------------------------------------------------------------------ key types
class Key(NamedTuple):
    """One key of a check: the kind of value it takes, and whether it must be there."""

    kind: str  # "number", "whole", "layer", "index", "shape", "text", "flag", "rows"
    required: bool = False
    choices: tuple[str, ...] = ()


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return (_is_int(value) or isinstance(value, float)) and math.isfinite(value)  # type: ignore[arg-type]


EXPECTED = {
    "number": ("a number", _is_number),
    "whole": ("a whole number (0 or more)", lambda v: _is_int(v) and v >= 0),
    "layer": ("a layer number (1 or more)", lambda v: _is_int(v) and v >= 1),
    "index": ("a row or column number (0 or more, as the headers s0, n0 number them)", lambda v: _is_int(v) and v >= 0),
    "shape": ("a shape such as [3, 4] (whole numbers)", lambda v: isinstance(v, list) and 1 <= len(v) <= 2
              and all(_is_int(x) and x >= 0 for x in v)),
    "text": ("a string", lambda v: isinstance(v, str)),
    "flag": ("true or false", lambda v: isinstance(v, bool)),
    "rows": ("rows of numbers such as [[0.2, 0.8], [0.5, -0.91]], all of one length",
             lambda v: isinstance(v, list) and len(v) > 0 and all(isinstance(r, list) and len(r) == len(v[0]) > 0
                                                                  and all(_is_number(x) for x in r) for r in v)),
}


def read_value(key: str, spec: Key, value: object) -> object:
    """``value`` if it is what ``spec`` takes; SpecError saying what was expected if not."""
    what, good = EXPECTED[spec.kind]
    if not good(value):
        raise SpecError(key, f"{key} must be {what}, not {shown(value)}")
    if spec.choices and value not in spec.choices:
        raise SpecError(key, f"{key} must be one of {_choices(spec.choices)}, not {shown(value)}")
    if spec.kind == "rows":
        return tuple(tuple(float(x) for x in row) for row in cast(list[list[float]], value))
    return tuple(value) if isinstance(value, list) else value


def shown(value: object) -> str:
    """A value of the lesson file as a message quotes it: escaped and cut (``tui.files.safe_text``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return quoted(value)
    if isinstance(value, dict):
        return "a table"
    return safe_text(repr(value), QUOTE_LIMIT)


def _choices(choices: tuple[str, ...]) -> str:
    return ", ".join(f'"{choice}"' for choice in choices)


# ------------------------------------------------------------------ the base
@dataclass(frozen=True)
class Check:
    kind: ClassVar[str] = ""
    event: ClassVar[bool] = False  # done in the workbench, not seen in a saved session
    KEYS: ClassVar[dict[str, Key]] = {}

    def validate(self) -> None:
        """Rules between keys; raises SpecError."""

    def evaluate(self, context: LessonContext) -> CheckResult:
        raise NotImplementedError

    def in_words(self) -> str:
        """What the check asks for, in the learner's words ("trained with Adam"): how
        ``nnwb check`` names a workbench check it cannot grade from a file."""
        return self.kind


COMPARE_KEYS = {
    "equals": Key("number"),
    "tolerance": Key("number"),
    "at_most": Key("number"),
    "at_least": Key("number"),
}


@dataclass(frozen=True)
class Compare:
    """equals (within tolerance), or at_most and/or at_least."""

    equals: float | None = None
    tolerance: float | None = None
    at_most: float | None = None
    at_least: float | None = None

    def validate_compare(self) -> None:
        if self.equals is None and self.at_most is None and self.at_least is None:
            raise SpecError(None, "expected a comparison: equals = V (with tolerance = T), at_most = V or at_least = V")
        if self.equals is not None and (self.at_most is not None or self.at_least is not None):
            key = "at_most" if self.at_most is not None else "at_least"
            raise SpecError(key, f"{key} cannot go with equals: use equals with tolerance, or at_most / at_least")
        if self.tolerance is not None and self.equals is None:
            raise SpecError("tolerance", "tolerance goes with equals")
        if self.tolerance is not None and self.tolerance < 0:
            raise SpecError("tolerance", f"tolerance must be 0 or more, not {self.tolerance}")
        if self.at_most is not None and self.at_least is not None and self.at_least > self.at_most:
            raise SpecError("at_least", f"at_least {self.at_least} is above at_most {self.at_most}: nothing can pass")

    def holds(self, value: float) -> bool:
        if not math.isfinite(value):
            return False
        if self.equals is not None:
            tolerance = DEFAULT_TOLERANCE if self.tolerance is None else self.tolerance
            return abs(value - self.equals) <= tolerance
        return (self.at_most is None or value <= self.at_most) and (self.at_least is None or value >= self.at_least)

    def wanted(self) -> str:
        if self.equals is not None:
            tolerance = DEFAULT_TOLERANCE if self.tolerance is None else self.tolerance
            return f"{format_number(self.equals, 8)} (within {format_number(tolerance)})"
        parts = []
        if self.at_least is not None:
            parts.append(f"at least {format_number(self.at_least, 8)}")
        if self.at_most is not None:
            parts.append(f"at most {format_number(self.at_most, 8)}")
        return " and ".join(parts)

    def judge(self, what: str, value: float | None, missing: str) -> CheckResult:
        if value is None:
            return CheckResult(False, missing)
        shown = format_number(value, 8)
        if self.holds(value):
            return CheckResult(True, f"{what} is {shown}")
        return CheckResult(False, f"{what} is {shown}; wanted {self.wanted()}")
