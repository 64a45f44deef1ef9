"""Every lesson of the built-in course, done in the workbench with keys as a learner does it:
each task is open at the lesson's start and is ticked in the lesson panel once the keys
that do it are pressed (values typed into cells, step mode, the layer keys and dialogs,
the training view). tests/lessons/test_course.py makes the same edits through the document."""

from __future__ import annotations

import gc
from collections.abc import Awaitable, Callable

import numpy as np
import pytest

from tests.tui.conftest import region_text, wait_for
from tests.tui.test_training import choose_optimizer, set_field, status, wait_until
from tui.__main__ import make_app
from tui.app.workbench import WorkbenchApp
from tui.lessons import builtin_lessons
from tui.widgets.matrix_grid import MatrixGrid

Pilot = object  # textual.pilot.Pilot[None]
Doing = Callable[[Pilot, WorkbenchApp], Awaitable[None]]


def ticked(app: WorkbenchApp) -> list[bool]:
    """Each task's mark as the lesson panel shows it: ✓ done, ○ not yet."""
    lines = app.query_one("#lesson").tasks.splitlines()  # type: ignore[attr-defined]
    return [line.startswith("✓") for line in lines]


async def focus_panel(pilot, app: WorkbenchApp, selector: str) -> None:  # type: ignore[no-untyped-def]
    target = app.query_one(selector)
    for _ in range(20):
        if app.focused is target:
            return
        await pilot.press("tab")
    raise AssertionError(f"Tab never reached {selector}")


async def select_layer(pilot, app: WorkbenchApp, layer: int) -> None:  # type: ignore[no-untyped-def]
    """[ or ] until the network panel's selected layer is ``layer`` (1-based)."""
    while app.document.selected + 1 != layer:
        await pilot.press("right_square_bracket" if app.document.selected + 1 < layer else "left_square_bracket")
        await pilot.pause()


async def type_cell(pilot, app: WorkbenchApp, selector: str, row: int, column: int, text: str,  # type: ignore[no-untyped-def]
                    layer: int | None = None) -> None:
    """Select the layer, Tab to the matrix, arrow keys to (row, column), type, Enter."""
    if layer is not None:
        await select_layer(pilot, app, layer)
    await focus_panel(pilot, app, selector)
    grid = app.query_one(selector, MatrixGrid)
    rows, columns = row - grid.cursor_row, column - grid.cursor_column
    await pilot.press(*(["down"] * rows if rows > 0 else ["up"] * -rows),
                      *(["right"] * columns if columns > 0 else ["left"] * -columns))
    assert (grid.cursor_row, grid.cursor_column) == (row, column)
    await pilot.press(*text, "enter")
    await pilot.pause()


async def keys(pilot, *pressed: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*pressed)
    await pilot.pause()


async def form(pilot, app: WorkbenchApp, key: str, *values: str) -> None:  # type: ignore[no-untyped-def]
    """A dialog of fields (e: sizes, i: seed and scale): each value replaces its field's text."""
    await pilot.press(key)
    await wait_for(pilot, lambda: len(app.screen_stack) > 1, f"{key} opens its dialog")
    for index, value in enumerate(values):
        if index:
            await pilot.press("tab")
        await pilot.press(*value)
    await pilot.press("enter")
    await wait_for(pilot, lambda: len(app.screen_stack) == 1, "the dialog closes")
    await pilot.pause()


async def cursor_on(pilot, app: WorkbenchApp, selector: str, row: int, column: int) -> None:  # type: ignore[no-untyped-def]
    await focus_panel(pilot, app, selector)
    grid = app.query_one(selector, MatrixGrid)
    await pilot.press(*["down"] * (row - grid.cursor_row), *["right"] * (column - grid.cursor_column))
    await pilot.pause()


async def divide_every_weight_by_10(pilot, app: WorkbenchApp) -> None:  # type: ignore[no-untyped-def]
    """Lesson 11: the 15 weights typed again, each a tenth of what the grid shows."""
    for layer, step in enumerate(app.document.network.steps, start=1):
        weights = step.dense.weights.copy()
        for (row, column), value in np.ndenumerate(weights):
            await type_cell(pilot, app, "#weights", row, column, repr(float(value / np.float32(10))), layer=layer)


async def relu_everywhere(pilot, app: WorkbenchApp) -> None:  # type: ignore[no-untyped-def]
    """Lesson 12: f on each layer until the network panel says ReLU."""
    for layer in range(1, len(app.document.network) + 1):
        await select_layer(pilot, app, layer)
        for _ in range(3):
            if app.document.network.steps[layer - 1].activation.name == "relu":
                break
            await keys(pilot, "f")


async def train_with_adam(pilot, app: WorkbenchApp) -> None:  # type: ignore[no-untyped-def]
    """Lesson 13: the training view's defaults are the book's Adam (0.05, decay 5e-7)."""
    await keys(pilot, "g")
    await choose_optimizer(pilot, app, "adam")
    await set_field(pilot, "epochs", "10001")
    await pilot.press("space")
    await wait_until(pilot, lambda: "DONE" in status(app))
    await keys(pilot, "g")
    await wait_for(pilot, lambda: len(app.screen_stack) == 1, "back on the workbench")


async def diverge(pilot, app: WorkbenchApp) -> None:  # type: ignore[no-untyped-def]
    await keys(pilot, "g")
    await choose_optimizer(pilot, app, "sgd")
    await set_field(pilot, "lr", "1e6")
    await set_field(pilot, "epochs", "20000")  # on from where the Adam run stopped (10001)
    await pilot.press("space")
    await wait_until(pilot, lambda: "STOPPED" in status(app))
    await keys(pilot, "g")
    await wait_for(pilot, lambda: len(app.screen_stack) == 1, "back on the workbench")


# Per lesson, per task: the keys that do it, in order, on one workbench.
DOING: dict[str, list[Doing]] = {
    "01-neuron": [
        lambda p, a: keys(p, "s", "n", "n"),  # step mode to "+ biases"
        lambda p, a: type_cell(p, a, "#biases", 0, 0, "-0.3"),
        lambda p, a: _all(p, a, lambda: focus_panel(p, a, "#inputs"), lambda: keys(p, "r"),
                          lambda: type_cell(p, a, "#inputs", 1, 0, "6.5")),
    ],
    "02-layer": [
        lambda p, a: cursor_on(p, a, "#output", 0, 2),
        lambda p, a: type_cell(p, a, "#biases", 0, 1, "2.79"),
        lambda p, a: type_cell(p, a, "#weights", 3, 2, "0"),
    ],
    "03-batch": [
        lambda p, a: _all(p, a, lambda: focus_panel(p, a, "#inputs"), lambda: keys(p, "r"),
                          lambda: type_cell(p, a, "#inputs", 3, 0, "1")),
        lambda p, a: _all(p, a, lambda: focus_panel(p, a, "#inputs"), lambda: keys(p, "r"),
                          *[lambda c=c, v=v: type_cell(p, a, "#inputs", 4, c, v) for c, v in enumerate(["1", "2", "3", "2.5"])]),
        lambda p, a: type_cell(p, a, "#inputs", 1, 0, "10"),
    ],
    "04-shapes": [
        lambda p, a: _all(p, a, lambda: focus_panel(p, a, "#inputs"), lambda: keys(p, "c")),
        lambda p, a: _all(p, a, lambda: focus_panel(p, a, "#weights"), lambda: keys(p, "r")),  # not x: an input row of weights
        lambda p, a: keys(p, "T"),
    ],
    "05-two-layers": [
        lambda p, a: keys(p, "s", "n", "n", "n", "n", "escape"),  # layer 2's inputs, then leave step mode
        lambda p, a: type_cell(p, a, "#weights", 0, 1, "0.5", layer=2),
        lambda p, a: type_cell(p, a, "#biases", 0, 0, "-1.5031", layer=2),
    ],
    "06-layer-dense": [
        lambda p, a: form(p, a, "e", "4", "5"),
        lambda p, a: form(p, a, "i", "0", "0.01"),
        lambda p, a: _all(p, a, lambda: select_layer(p, a, 2), lambda: form(p, a, "e", "5", "2")),
    ],
    "07-relu": [
        lambda p, a: keys(p, "s", "n", "n", "n", "escape"),
        lambda p, a: type_cell(p, a, "#biases", 0, 0, "-1", layer=1),
        lambda p, a: type_cell(p, a, "#biases", 0, 1, "1", layer=1),
    ],
    "08-softmax": [
        lambda p, a: keys(p, "s", "n", "n", "n", "escape"),
        lambda p, a: type_cell(p, a, "#inputs", 0, 0, "6"),
        lambda p, a: _all(p, a, *[lambda c=c, v=v: type_cell(p, a, "#inputs", 0, c, v) for c, v in enumerate(["106", "102", "103"])]),
    ],
    "09-cross-entropy": [
        lambda p, a: type_cell(p, a, "#inputs", 0, 0, "2"),
        lambda p, a: type_cell(p, a, "#inputs", 1, 1, "-20"),
        lambda p, a: type_cell(p, a, "#labels", 2, 0, "2"),
    ],
    "10-accuracy": [
        lambda p, a: type_cell(p, a, "#inputs", 1, 1, "0"),
        lambda p, a: _all(p, a, *[lambda r=r, c=c: type_cell(p, a, "#inputs", r, c, "3") for r, c in ((0, 0), (1, 1), (2, 1))]),
    ],
    "11-spiral": [
        lambda p, a: keys(p, "s", *["n"] * 7, "escape"),  # layer 2's activation: the 8th stage
        divide_every_weight_by_10,
    ],
    "12-parameters": [
        lambda p, a: _all(p, a, lambda: select_layer(p, a, 3), lambda: keys(p, "d")),
        relu_everywhere,
    ],
    "13-training": [
        lambda p, a: _all(p, a, lambda: form(p, a, "e", "2", "64"), lambda: keys(p, "x")),  # x: layer 2 takes 64 inputs
        train_with_adam,
        diverge,
    ],
}


async def _all(pilot, app: WorkbenchApp, *steps: Callable[[], Awaitable[None]]) -> None:  # type: ignore[no-untyped-def]
    for step in steps:
        await step()


def test_every_lesson_of_the_course_is_done_here() -> None:
    assert [lesson.id for lesson in builtin_lessons()] == list(DOING)


@pytest.mark.parametrize("lesson_id", [pytest.param(lesson_id, marks=pytest.mark.slow) if lesson_id == "11-spiral" else lesson_id
                                       for lesson_id in DOING if lesson_id != "13-training"])  # 11 trains for seconds
async def test_each_task_of_the_lesson_ticks_once_its_keys_are_pressed(lesson_id: str) -> None:
    await do_lesson(lesson_id)


@pytest.mark.slow  # thousands of epochs of training
async def test_lesson_13_trains_to_90_percent_with_adam_then_diverges() -> None:
    """Thousands of epochs in the training view: the slowest lesson, apart."""
    await do_lesson("13-training")


async def do_lesson(lesson_id: str) -> None:
    name = lesson_id.partition("-")[2]
    try:
        app = make_app(["--lesson", name])  # as ``nnwb --lesson relu`` starts it
    finally:
        gc.enable()
    lesson = app.lesson
    assert lesson is not None and lesson.lesson.id == lesson_id
    count = len(lesson.lesson.tasks)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert ticked(app) == [False] * count, "every task is open at the lesson's start"
        for number, doing in enumerate(DOING[lesson_id], start=1):
            await doing(pilot, app)
            assert ticked(app) == [True] * number + [False] * (count - number), f"task {number}: {lesson.details}"
        assert f"{count}/{count} done" in region_text(app, app.query_one("#lesson"))


async def open_at_120(name: str) -> WorkbenchApp:
    try:
        return make_app(["--lesson", name])
    finally:
        gc.enable()


async def test_lesson_8_task_3_ticks_from_the_lessons_start_again_after_ctrl_r() -> None:
    """The tester's finding 5: adding 100 to each score ticks task 3 on the lesson's own
    scores, not only after task 2 made dog's confidence above 0.9."""
    app = await open_at_120("softmax")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await type_cell(pilot, app, "#inputs", 0, 0, "6")
        assert ticked(app) == [False, True, False]
        await keys(pilot, "ctrl+r")
        await wait_for(pilot, lambda: len(app.screen_stack) > 1, "Ctrl+R asks first")
        await keys(pilot, "enter")
        assert app.document.inputs.tolist() == [[1.0, 2.0, 3.0]]
        for column, value in enumerate(["101", "102", "103"]):
            await type_cell(pilot, app, "#inputs", 0, column, value)
        assert ticked(app) == [False, True, True]
        assert app.document.trace.output.round(2).tolist() == [[0.09, 0.24, 0.67]]  # as they were


@pytest.mark.slow  # training in the UI for seconds
async def test_lesson_13_training_on_vertical_data_leaves_the_spiral_task_open() -> None:
    """The tester's finding 1c: the training view's data switched to vertical, Adam to an
    accuracy above 0.9: task 2 (the spiral) stays open, and says why."""
    app = await open_at_120("training")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await form(pilot, app, "e", "2", "64")
        await keys(pilot, "x")
        assert ticked(app) == [True, False, False]
        await keys(pilot, "g", "tab", "enter", "down", "down", "enter")  # Data: current, ↓ spiral, ↓ vertical
        assert str(app.screen.query_one("#train-data").value) == "vertical"  # type: ignore[attr-defined]
        await keys(pilot, "escape")
        await choose_optimizer(pilot, app, "adam")
        await set_field(pilot, "epochs", "300")
        await pilot.press("space")
        await wait_for(pilot, lambda: len(app.screen_stack) > 2, "Space asks before vertical data replaces the spiral")
        await pilot.press("enter")  # use the vertical data
        await wait_until(pilot, lambda: "DONE" in status(app))
        await keys(pilot, "g")
        await wait_for(pilot, lambda: len(app.screen_stack) == 1, "back on the workbench")
        assert app.document.trace.accuracy >= 0.9
        assert ticked(app) == [True, False, False]
        assert app.lesson.details[1].startswith("the inputs s1 f0 is ")  # type: ignore[union-attr]


async def test_every_lessons_code_fits_its_panel_at_120_columns() -> None:
    """No code line is cut off (lesson 5 showed "np.array(weigh"): each code block's text is
    no wider than the block, in every lesson, at 120 columns."""
    from textual.widgets._markdown import MarkdownFence

    app = await open_at_120("1")
    seen: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        for lesson in builtin_lessons():
            await wait_for(pilot, lambda lesson=lesson: app.lesson.lesson.id == lesson.id,  # type: ignore[union-attr]
                           f"> reaches {lesson.id}")
            await pilot.pause()
            for fence in app.query(MarkdownFence):
                assert fence.virtual_size.width <= fence.size.width, (lesson.id, fence.code)
                seen.append(lesson.id)
            await keys(pilot, "greater_than_sign")
    assert len(set(seen)) == len(builtin_lessons())  # every lesson has a code block, and each was measured
