"""Lessons 14-17 (chapters 4 and 9): the keys that do each task."""

from __future__ import annotations

from tests.lessons.doing.part_14_17 import FALL, RISE
from tests.tui.lesson_keys.actions import Doing, type_cell
from tui.app.workbench import WorkbenchApp

Pilot = object


def typing(cells: list[tuple[int, str, int, int, str]]) -> Doing:
    async def doing(pilot: Pilot, app: WorkbenchApp) -> None:
        for layer, matrix, row, column, text in cells:
            await type_cell(pilot, app, f"#{matrix}", row, column, text, layer=layer)
    return doing


DOING: dict[str, list[Doing]] = {
    "14-sine-by-hand": [typing(RISE), typing(FALL)],
    "17-softmax-gradient": [
        lambda p, a: type_cell(p, a, "#inputs", 0, 0, "5"),
        lambda p, a: type_cell(p, a, "#labels", 2, 0, "2"),
    ],
}
