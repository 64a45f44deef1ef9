"""Lessons 1-13 (the notes' sections): the keys that do each task."""

from __future__ import annotations

from tests.tui.lesson_keys.actions import (
    Doing,
    _all,
    answer,
    cursor_on,
    diverge,
    divide_every_weight_by_10,
    focus_panel,
    form,
    keys,
    select_layer,
    train_with_adam,
    type_cell,
)

# Per lesson, per task: the keys that do it, in order, on one workbench.
DOING: dict[str, list[Doing]] = {
    "01-neuron": [
        lambda p, a: _all(p, a, lambda: keys(p, "s", "n", "n"), lambda: answer(p, a, "0.3")),  # step mode to "+ biases"
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
                          lambda: type_cell(p, a, "#inputs", 3, 3, "1")),
        lambda p, a: _all(p, a, lambda: focus_panel(p, a, "#inputs"), lambda: keys(p, "r"),
                          *[lambda c=c, v=v: type_cell(p, a, "#inputs", 4, c, v) for c, v in enumerate(["1", "2", "3", "2.5"])]),
        lambda p, a: type_cell(p, a, "#inputs", 1, 0, "10"),
    ],
    "04-shapes": [
        lambda p, a: _all(p, a, lambda: focus_panel(p, a, "#inputs"), lambda: keys(p, "c")),
        lambda p, a: _all(p, a, lambda: focus_panel(p, a, "#weights"), lambda: keys(p, "r")),  # not x: an input row of weights
        lambda p, a: keys(p, "T"),
        lambda p, a: keys(p, "T"),
    ],
    "05-two-layers": [
        lambda p, a: _all(p, a, lambda: keys(p, "s", "n", "n", "n", "n", "escape"),  # layer 2's inputs, then leave step mode
                          lambda: answer(p, a, "8.9")),
        lambda p, a: type_cell(p, a, "#weights", 0, 1, "0.5", layer=2),
        lambda p, a: type_cell(p, a, "#biases", 0, 0, "-1.5031", layer=2),
    ],
    "06-layer-dense": [
        lambda p, a: form(p, a, "e", "4", "5"),
        lambda p, a: form(p, a, "i", "0", "0.01"),
        lambda p, a: _all(p, a, lambda: select_layer(p, a, 2), lambda: form(p, a, "e", "5", "2"),
                          lambda: form(p, a, "i", "1", "0.01")),
    ],
    "07-relu": [
        lambda p, a: _all(p, a, lambda: keys(p, "s", "n", "n", "n", "escape"), lambda: answer(p, a, "2")),
        lambda p, a: type_cell(p, a, "#biases", 0, 0, "-1", layer=1),
        lambda p, a: type_cell(p, a, "#biases", 0, 1, "1", layer=1),
    ],
    "08-softmax": [
        lambda p, a: _all(p, a, lambda: keys(p, "s", "n", "n", "n"), lambda: answer(p, a, "1.50321"),
                          lambda: keys(p, "escape")),
        lambda p, a: type_cell(p, a, "#inputs", 0, 0, "6"),
        lambda p, a: _all(p, a, *[lambda c=c, v=v: type_cell(p, a, "#inputs", 0, c, v) for c, v in enumerate(["103", "99", "100"])]),
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
        lambda p, a: _all(p, a, lambda: keys(p, "s", *["n"] * 7),  # layer 2's activation: the 8th stage
                          lambda: answer(p, a, "0.3333"), lambda: keys(p, "escape")),
        divide_every_weight_by_10,
    ],
    "12-parameters": [
        lambda p, a: _all(p, a, lambda: answer(p, a, "1474"), lambda: select_layer(p, a, 3), lambda: keys(p, "d")),
        lambda p, a: _all(p, a, lambda: select_layer(p, a, 3), lambda: keys(p, "f", "f"),  # softmax, linear, ReLU
                          lambda: answer(p, a, "1507")),
    ],
    "13-training": [
        lambda p, a: _all(p, a, lambda: form(p, a, "e", "2", "64"), lambda: keys(p, "x")),  # x: layer 2 takes 64 inputs
        diverge,
        train_with_adam,
    ],
}


