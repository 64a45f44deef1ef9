"""How numbers are written for people: short, exact where the value is short.

Float arithmetic makes 4.8 into 4.800000000000001; a learner must read 4.8, as in the notes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np


def format_number(value: float, digits: int = 6, point: bool = False) -> str:
    """``value`` with at most ``digits`` significant digits, no trailing zeros, no '-0'.

    With ``point``, whole numbers keep a ".0" as Python prints floats (``1.0 x 0.2``).
    """
    number = float(value)
    if not math.isfinite(number):
        # As the grid writes them: "inf", "-inf", "nan", never "inf.0".
        return "nan" if math.isnan(number) else ("inf" if number > 0 else "-inf")
    if number == 0.0:
        return "0.0" if point else "0"
    text = f"{number:.{digits}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        return f"{mantissa}e{int(exponent)}"
    if point and "." not in text:
        text += ".0"
    return text


def exact_number(value: float) -> str:
    """The shortest text that reads back as ``value``, as a learner writes it: 0.999999
    stays 0.999999 (six digits would round 0.9999999 to "1"), 1e-6 not 1e-06, 0.1 not 0.1000."""
    number = float(value)
    if not math.isfinite(number) or number == 0.0:
        return format_number(number)
    mantissa, e, exponent = repr(number).partition("e")
    return mantissa.removesuffix(".0") + (f"e{int(exponent)}" if e else "")


def shortened(text: str, limit: int = 40) -> str:
    """``text`` quoted, cut in the middle when longer than ``limit``, with its length:
    ``"99999999999999…99999" (5,000 characters)``: a long paste is echoed, not reprinted."""
    if len(text) <= limit:
        return f'"{text}"'
    head = limit * 2 // 3
    return f'"{text[:head]}…{text[-(limit - head - 1):]}" ({len(text):,} characters)'


def plural(count: int, word: str) -> str:
    """``1 bias``, ``3 biases``, ``2,432 weights``: a count with its noun, singular for one."""
    if count == 1:
        return f"1 {word}"
    return f"{count:,} {word}{'es' if word.endswith(('s', 'x', 'ch', 'sh')) else 's'}"


def format_row(values: np.ndarray | Sequence[float], digits: int = 6) -> str:
    """A row as the notes print a list: ``[4.8, 1.21, 2.385]``."""
    return "[" + ", ".join(format_number(v, digits) for v in np.ravel(values)) + "]"
