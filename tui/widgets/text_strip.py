"""One line of Rich text as a Strip, for the widgets that draw their own lines."""

from __future__ import annotations

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip


def text_strip(text: Text, width: int, base: Style, console: Console, cut_at: int | None = None) -> Strip:
    """``text`` on ``base``, cut with an ellipsis at ``cut_at`` (default ``width``), padded to ``width``."""
    line = text.copy()
    line.truncate(cut_at or width, overflow="ellipsis")
    # Text.render leaves out the text's own style (print adds it): apply it under the spans.
    style = base + console.get_style(text.style)
    return Strip(Segment.apply_style(line.render(console), style)).crop_extend(0, width, base)
