"""Turning what a learner types or writes into a float matrix, or saying exactly why not.

The notes call a well-formed array "homologous": every row the same length. Ragged rows,
words, NaN and infinities are refused here, with the row and column to blame, so that no
later step ever sees them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from engine.errors import MatrixValueError
from engine.numbers import shortened

_ROW_SPLIT = re.compile(r"[\n;]+")
# A value is what a learner writes: digits, one point, an exponent. Python's float() also
# takes "1_0" (10) and non-ASCII digits, which would turn a slip into a number silently.
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_WORDS = re.compile(r"[+-]?(?:nan|inf|infinity)", re.IGNORECASE)


def parse_number(text: str, example: str = "0.5 or -1e-3") -> float:
    """One finite number from text, or a MatrixValueError that says what is wrong with it.

    ``example`` is the value the message suggests (a dropout rate's is 0.1, not -1e-3); the
    text is quoted shortened when long (a paste of 5,000 digits is not echoed whole).
    """
    cleaned = text.strip()
    quoted = shortened(cleaned)
    if not cleaned:
        raise MatrixValueError(f"an empty cell is not a number: type a value such as {example.split(' or ')[0]}")
    if "_" in cleaned:
        raise MatrixValueError(
            f'{quoted} is not a number: write it without underscores, such as {_unquoted(shortened(cleaned.replace("_", "")))}'
        )
    if not (_NUMBER.fullmatch(cleaned) or _WORDS.fullmatch(cleaned)):
        raise MatrixValueError(f"{quoted} is not a number: type a value such as {example}")
    value = float(cleaned)
    if math.isnan(value):
        raise MatrixValueError(f'{quoted} is not a number (NaN): every weight and input must be a real value')
    if math.isinf(value):
        raise MatrixValueError(
            f'{quoted} is infinite (or too large for a float): use a finite value, at most about 1.8e308'
        )
    if value == 0.0 and re.search(r"[1-9]", re.split(r"[eE]", cleaned)[0]):
        raise MatrixValueError(_too_small(_unquoted(quoted), np.dtype(np.float64)))
    return value


def _unquoted(quoted: str) -> str:
    return quoted[1:-1] if quoted.endswith('"') else quoted


def _too_small(written: str, dtype: np.dtype, mode: str = "") -> str:
    """Why a non-zero value that would be stored as 0 is refused (as overflow is)."""
    tiny = str(np.finfo(dtype).smallest_subnormal).replace("e+", "e")
    return (
        f"{written} is too small for {dtype.name}{mode}: it would be stored as 0 "
        f"(the smallest non-zero value is about {tiny}); type 0 if you mean 0"
    )


def _exact(value: float) -> str:
    """The shortest text that reads back as ``value`` (3.4028236e38 and 3.4028235e38 differ)."""
    text = repr(float(value))
    if "e" in text:
        mantissa, exponent = text.split("e")
        return f"{mantissa.removesuffix('.0')}e{int(exponent)}"
    return text.removesuffix(".0")


def _bool_refusal(row: int, column: int, value: Any) -> MatrixValueError:
    return MatrixValueError(
        f"row {row}, column {column} is {value}, a truth value, not a number: write 1 or 0", row, column
    )


def _number(value: Any, row: int, column: int) -> float:
    if isinstance(value, (bool, np.bool_)):
        raise _bool_refusal(row, column, value)
    if isinstance(value, str):
        try:
            return parse_number(value)
        except MatrixValueError as error:
            raise MatrixValueError(f"row {row}, column {column}: {error}", row, column) from None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise MatrixValueError(f'row {row}, column {column} is "{value}", not a number', row, column) from None
    except OverflowError:
        # A Python int beyond any float (10**400).
        raise MatrixValueError(
            f"row {row}, column {column} is a whole number with {len(str(abs(int(value))))} digits, "
            f"too large for a float (at most about 1.8e308)",
            row,
            column,
        ) from None
    if not math.isfinite(number):
        raise MatrixValueError(
            f"row {row}, column {column} is {number}: every value must be a finite number", row, column
        )
    return number


def _rows_text(rows: Sequence[int]) -> str:
    if len(rows) == 1:
        return f"row {rows[0]} has"
    if list(rows) == list(range(rows[0], rows[-1] + 1)):
        return f"rows {rows[0]}-{rows[-1]} have"
    return "rows " + ", ".join(str(r) for r in rows) + " have"


def _check_homologous(rows: Sequence[Sequence[Any]]) -> None:
    width = len(rows[0])
    for index, row in enumerate(rows):
        if len(row) != width:
            agreeing = list(range(index))
            raise MatrixValueError(
                f"row {index} has {len(row)} value{'s' if len(row) != 1 else ''} where "
                f"{_rows_text(agreeing)} {width}: every row of a matrix must have the same "
                f"length (the notes call this homologous)",
                row=index,
            )


def _is_sequence(value: Any) -> bool:
    return isinstance(value, (list, tuple, np.ndarray))


def as_matrix(values: Any, dtype: np.dtype | type = np.float64) -> np.ndarray:
    """A 2-D float array from nested lists, a NumPy array, a number, or text rows.

    A flat list is one sample, a row: ``[1, 2, 3]`` becomes shape (1, 3), as a single
    sample in a batch. Text rows are separated by newlines or ``;`` and values by commas or
    spaces; brackets are ignored, so a pasted ``[[1, 2], [3, 4]]`` works too.
    """
    if isinstance(values, str):
        values = _parse_text(values)
    if isinstance(values, np.ndarray):
        if values.ndim > 2:
            raise MatrixValueError(
                f"a matrix has rows and columns; this array has {values.ndim} dimensions {values.shape}"
            )
        if values.dtype.kind in "biuf" and values.size == 0:
            raise MatrixValueError(f"the matrix is empty {values.shape}: it needs at least one row and column")
        if values.dtype.kind == "b":
            # Refused as a list of bools is: True is not a value a learner means as 1.0.
            raise _bool_refusal(0, 0, bool(values.flat[0]))
        if values.dtype.kind in "iuf":
            return _converted(np.atleast_2d(values), dtype)
        values = values.tolist()
    if not _is_sequence(values):
        return _converted(np.array([[_number(values, 0, 0)]]), dtype)
    rows = list(values)
    if not rows:
        raise MatrixValueError("the matrix is empty: it needs at least one row and one column")
    if not any(_is_sequence(row) for row in rows):
        rows = [rows]
    elif not all(_is_sequence(row) for row in rows):
        index = next(i for i, row in enumerate(rows) if not _is_sequence(row))
        raise MatrixValueError(
            f"row {index} is a single number where other rows are lists: every row must be a list of values",
            row=index,
        )
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if _is_sequence(value):
                raise MatrixValueError(
                    f"row {r}, column {c} is itself a list: a matrix has only rows and columns", r, c
                )
    _check_homologous(rows)
    if len(rows[0]) == 0:
        raise MatrixValueError("the rows are empty: a matrix needs at least one column")
    numbers = [[_number(value, r, c) for c, value in enumerate(row)] for r, row in enumerate(rows)]
    return _converted(np.array(numbers, dtype=np.float64), dtype)


def _converted(original: np.ndarray, dtype: np.dtype | type) -> np.ndarray:
    """``original`` (2-D, numbers) in ``dtype``, refusing a value that is or becomes non-finite.

    1e300 is a fine float64 but float32 (the nnfs mode's type) tops out near 3.4e38, where
    the cast would quietly give inf: say so rather than store it.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        matrix = np.asarray(original, dtype=dtype)
    if matrix.dtype.kind != "f":
        return matrix
    mode = " (the nnfs mode's numbers)" if matrix.dtype == np.float32 else ""
    lost = np.argwhere((matrix == 0) & (original != 0))
    if lost.size:
        r, c = (int(i) for i in lost[0])
        raise MatrixValueError(f"row {r}, column {c}: {_too_small(_exact(original[r, c]), matrix.dtype, mode)}", r, c)
    bad = np.argwhere(~np.isfinite(matrix))
    if not bad.size:
        return matrix
    r, c = (int(i) for i in bad[0])
    before = original[r, c]
    if original.dtype.kind in "iu" or np.isfinite(before):
        limit = str(np.finfo(matrix.dtype).max).replace("e+", "e")
        raise MatrixValueError(
            f"row {r}, column {c} is {_exact(before) if original.dtype.kind == 'f' else before}, too large for "
            f"{matrix.dtype.name}{mode}, whose largest value is {limit}",
            r,
            c,
        )
    raise MatrixValueError(f"row {r}, column {c} is {before}: every value must be a finite number", r, c)


def _parse_text(text: str) -> list[list[str]]:
    stripped = text.strip()
    if stripped.startswith("[["):
        # A pasted Python/NumPy literal: rows end at "]".
        stripped = re.sub(r"\]\s*,?\s*\[", "\n", stripped)
    stripped = stripped.replace("[", " ").replace("]", " ")
    rows: list[list[str]] = []
    for line in _ROW_SPLIT.split(stripped):
        line = typed = line.strip()
        if line.endswith(","):
            line = line[:-1].rstrip()  # one trailing comma, as Python allows in a list
        if not line:
            continue
        values: list[str] = []
        for field in line.split(","):
            if not field.strip():
                # "1,,2" is a slip, not two columns: say where, rather than close the gap.
                row, column = len(rows), len(values)
                where = "before the first comma" if column == 0 else "between the commas"
                raise MatrixValueError(
                    f'row {row}, column {column} is empty in "{typed}": type a number {where}, or remove a comma',
                    row,
                    column,
                )
            values.extend(field.split())
        rows.append(values)
    return rows


def format_matrix_text(matrix: np.ndarray) -> str:
    """Text rows that ``as_matrix`` reads back to the same values."""
    return "\n".join(", ".join(repr(float(v)) for v in row) for row in np.atleast_2d(matrix))
