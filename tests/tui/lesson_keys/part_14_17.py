"""Lessons 14-17 (chapters 4 and 9): the keys that do each task."""

from __future__ import annotations

from tests.lessons.doing.part_14_17 import CONFIDENT, FALL, NUDGE, RELABEL, RISE, STEP, TARGET, Cells
from tests.tui.conftest import wait_for
from tests.tui.lesson_keys.actions import Doing, keys, type_cell
from tui.app.workbench import WorkbenchApp

Pilot = object


def typing(cells: Cells) -> Doing:
    async def doing(pilot: Pilot, app: WorkbenchApp) -> None:
        for layer, matrix, row, column, text in cells:
            await type_cell(pilot, app, f"#{matrix}", row, column, text, layer=layer or None)
    return doing


async def answer(pilot: Pilot, app: WorkbenchApp, text: str) -> None:
    """= opens the answer form of the first task that asks for a number; type it, Enter."""
    await keys(pilot, "equals_sign")
    await wait_for(pilot, lambda: len(app.screen_stack) > 1 and app.focused is not None, "= opens the answer form")
    await pilot.press(*text, "enter")  # type: ignore[attr-defined]
    await wait_for(pilot, lambda: len(app.screen_stack) == 1, "the form closes")
    await pilot.pause()  # type: ignore[attr-defined]


def answering(text: str, *then: Doing) -> Doing:
    """Answer first (a prediction), then do what shows whether it was right."""
    async def doing(pilot: Pilot, app: WorkbenchApp) -> None:
        await answer(pilot, app, text)
        for step in then:
            await step(pilot, app)
    return doing


async def step_back_to(pilot: Pilot, app: WorkbenchApp, layer: int, stage: str) -> None:
    """s, then n until step mode shows ``stage`` of ``layer`` (1-based), as the header says."""
    await keys(pilot, "s")
    for _ in range(40):
        step = app.document.step
        if step is not None and step.layer + 1 == layer and step.stage_name == stage:
            return
        await keys(pilot, "n")
    raise AssertionError(f"n never reached layer {layer}: {stage}")


async def nudge_then_answer(pilot: Pilot, app: WorkbenchApp) -> None:
    await typing(NUDGE)(pilot, app)
    assert app.document.trace.output[0, 0] == 5.998  # the output the learner reads: 6 − 0.002
    await answer(pilot, app, "-2")


async def dinputs_then_answer(pilot: Pilot, app: WorkbenchApp) -> None:
    await answer(pilot, app, "-3")  # predicted before step mode shows it
    await step_back_to(pilot, app, 1, "dinputs")
    await keys(pilot, "escape")


DOING: dict[str, list[Doing]] = {
    "14-sine-by-hand": [typing(RISE), typing(FALL)],
    "15-nudging": [nudge_then_answer, typing(STEP), answering("5.85")],
    "16-layer-backward": [answering("20.1"), typing(TARGET), dinputs_then_answer],
    "17-softmax-gradient": [typing(CONFIDENT), answering("-0.3067", typing(RELABEL))],
}
