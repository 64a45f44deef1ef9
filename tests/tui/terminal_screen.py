"""What a terminal shows: the frames the app sends it, applied to a grid of characters.

Pilot's own reading of the screen (``screen_lines``) renders every line afresh, so it cannot
see a frame the app failed to send. This keeps what the app sends instead, update by update
(a whole screen, or only the parts that changed), as a terminal does.
"""

from __future__ import annotations

import re
from typing import Any

from textual.app import App

# Cursor moves (ESC [ row ; column H), any other escape sequence, or a run of text.
_PIECES = re.compile(r"\x1b\[(\d+);(\d+)H|\x1b\[[0-9;?]*[A-Za-z]|\x1b[^\[]|([^\x1b]+)")


class TerminalScreen:
    """The characters of a terminal of ``width`` x ``height`` that gets an app's frames."""

    def __init__(self, app: App[Any], width: int, height: int) -> None:
        self.cells = [[" "] * width for _ in range(height)]
        self.app = app
        app._display = self._display  # type: ignore[method-assign]  # what the driver would write

    def _display(self, screen: object, update: object) -> None:
        render = getattr(update, "render_segments", None)
        if render is not None:
            self.write(render(self.app.console))

    def write(self, data: str) -> None:
        x = y = 0
        for match in _PIECES.finditer(data):
            if match.group(1):
                y, x = int(match.group(1)) - 1, int(match.group(2)) - 1
            elif match.group(3):
                for character in match.group(3).replace("\n", "").replace("\r", ""):
                    if 0 <= y < len(self.cells) and 0 <= x < len(self.cells[y]):
                        self.cells[y][x] = character
                    x += 1

    @property
    def lines(self) -> list[str]:
        return ["".join(row) for row in self.cells]
