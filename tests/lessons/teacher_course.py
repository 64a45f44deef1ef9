"""A teacher's course of two lessons in a folder, for the tests of courses (headless, in the
app, under ``nnwb serve``): lesson 1 on the notes' single neuron, lesson 2 on a layer, each
task with an id, so that progress follows the ids."""

from __future__ import annotations

from pathlib import Path

COURSE_TOML = '''id = "my-course"
title = "My course"
lessons = [
  "first.toml",
  "second.toml",
]
'''

ZERO_TASK = '''
[[tasks]]
id = "zero"
text = "Make the neuron output exactly 0 by changing only its bias."
check = "cell"
matrix = "output"
layer = 1
row = 0
column = 0
equals = 0.0
'''

STAGE_TASK = '''
[[tasks]]
id = "stage"
text = "Walk the forward pass in step mode up to the activation."
check = "stage"
layer = 1
stage = "activation"
'''

# A task a teacher inserts before the others later on: its id is new, the others keep theirs.
INSERTED_TASK = '''
[[tasks]]
id = "weights"
text = "Make the first weight 1."
check = "cell"
matrix = "weights"
layer = 1
row = 0
column = 0
equals = 1.0
'''

FIRST = f'''title = "Teacher's neuron"
text = "A neuron adds its bias after the dot product."
preset = "single-neuron"
{ZERO_TASK}{STAGE_TASK}'''

SECOND = '''title = "Teacher's layer"
text = "Three neurons side by side: a layer."
preset = "layer"

[[tasks]]
id = "no-error"
text = "Keep the layer free of shape errors."
check = "no_shape_error"
'''


def make_course(folder: Path) -> Path:
    """The course in ``folder`` (made); returns it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "course.toml").write_text(COURSE_TOML, encoding="utf-8")
    (folder / "first.toml").write_text(FIRST, encoding="utf-8")
    (folder / "second.toml").write_text(SECOND, encoding="utf-8")
    return folder


def insert_a_task(folder: Path) -> None:
    """The teacher inserts a task with an id before lesson 1's tasks."""
    (folder / "first.toml").write_text(FIRST.replace(ZERO_TASK, INSERTED_TASK + ZERO_TASK), encoding="utf-8")
