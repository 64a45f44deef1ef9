"""Numbers and shapes as the panels write them."""

from __future__ import annotations

from engine.numbers import format_number


def fit_number(value: float, width: int) -> str:
    """The most digits of ``value`` that fit in ``width`` characters (at least 1 significant)."""
    for digits in range(6, 0, -1):
        text = format_number(value, digits)
        if len(text) <= width:
            return text
    return format_number(value, 1)


def shape_text(shape: tuple[int, ...]) -> str:
    """``(3, 4)``, as NumPy prints a shape."""
    return "(" + ", ".join(str(n) for n in shape) + ("," if len(shape) == 1 else "") + ")"
