"""The styles of a matrix grid's cells, made from the theme's colours.

A grid could declare these as component classes, and the first version did. But Textual
styles every component class of every widget with a stylesheet pass of its own, each time
the widget is styled: seven classes on seven grids, styled twice at start-up, cost more
than 100 ms of the first frame -- the largest single cost of starting nnwb. The palette
below is built from the same theme variables, with the same blending Textual applies to
``background: $accent 30%`` or ``color: $text-muted``, once per theme and background, and
is shared by every grid.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from rich.style import Style
from textual.color import Color

# name: (background variable and its alpha, colour variable, text style)
CELL_STYLES: dict[str, tuple[tuple[str, float] | None, str | None, str]] = {
    "header": (None, "text-muted", "bold"),
    "header-error": (None, "error", "bold reverse"),
    "cursor": (("accent", 1.0), "text", "bold"),
    "cursor-blur": (("accent", 0.3), None, ""),
    "highlight": (("primary", 0.3), None, ""),
    "placeholder": (None, "text-muted", "italic"),
    "editing": (("warning", 1.0), "background", "bold"),
}


def _colour(value: str, behind: Color) -> Color:
    """A theme colour, ``name`` or ``name N%``; ``auto`` is the text colour that reads best on ``behind``.

    Names are whatever Textual's themes use: ``#FEA62B``, ``ansi_green``, ``ansi_default 50%``.
    """
    name, _, percent = value.partition(" ")
    alpha = float(percent.rstrip("%")) / 100 if percent else 1.0
    if name == "auto":
        return behind.get_contrast_text(alpha)
    return Color.parse(name).multiply_alpha(alpha)


@lru_cache(maxsize=16)
def _palette(variables: tuple[tuple[str, str], ...], base: Style) -> dict[str, Style]:
    theme = dict(variables)
    widget_background = Color.from_rich_color(base.bgcolor) if base.bgcolor else Color(0, 0, 0)
    palette = {"base": base}
    for name, (background, colour, text_style) in CELL_STYLES.items():
        behind = widget_background
        if background is not None:
            variable, alpha = background
            behind = widget_background + _colour(theme[variable], widget_background).multiply_alpha(alpha)
        style = base + Style.parse(text_style or "none")
        if colour is not None:
            style += Style(color=(behind + _colour(theme[colour], behind)).rich_color)
        if background is not None:
            style += Style(bgcolor=behind.rich_color)
        palette[name] = style
    return palette


def cell_styles(theme_variables: Mapping[str, str], base: Style) -> dict[str, Style]:
    """Every cell style (and ``base``), for a grid whose own style is ``base``."""
    used = {"text-muted", "error", "accent", "text", "primary", "warning", "background"}
    return _palette(tuple(sorted((k, v) for k, v in theme_variables.items() if k in used)), base)
