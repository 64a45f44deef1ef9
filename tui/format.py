"""Numbers and shapes as the panels write them."""

from __future__ import annotations

import math

from engine.numbers import format_number


def fit_number(value: float, width: int, digits: int = 6) -> str:
    """``value`` in at most ``width`` characters, with as many significant digits as fit (up to ``digits``).

    Never a number cut at the edge (``0.0063906`` in 8 characters must not read ``.0063906``):
    with fewer digits, or in scientific form (``6.39e-3``), or ``…`` when not even one digit fits.
    """
    number = float(value)
    for shown in range(digits, 0, -1):
        text = format_number(number, shown)
        if len(text) <= width:
            return text
        if math.isfinite(number) and number != 0.0:
            text = _scientific(number, shown)
            if len(text) <= width:
                return text
    return "…"


def _scientific(value: float, digits: int) -> str:
    """``6.39e-3``: ``digits`` significant digits, no trailing zeros, the shortest exponent."""
    mantissa, exponent = f"{value:.{digits - 1}e}".split("e")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}e{int(exponent)}"


def shape_text(shape: tuple[int, ...]) -> str:
    """``(3, 4)``, as NumPy prints a shape."""
    return "(" + ", ".join(str(n) for n in shape) + ("," if len(shape) == 1 else "") + ")"
