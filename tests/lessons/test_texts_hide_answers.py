"""A lesson's text, task sentences and hints do not print the number a task asks for, and no
task claims "before you look" where nothing hides what it shows (the screen may show it)."""

from __future__ import annotations

import pytest

from tui.lessons import load_lesson


def shown(name: str, hints: bool = True) -> str:
    """All a learner reads of a lesson: its text, its task sentences and (opt-in) its hints."""
    lesson = load_lesson(name)
    parts = [lesson.text, *(task.text for task in lesson.tasks)]
    parts += [task.hint for task in lesson.tasks if hints and task.hint]
    return "\n".join(parts)


@pytest.mark.parametrize("name, answer", [
    ("neuron", "0.30000000000000004"),  # task 1: the sum before the bias
    ("neuron", "0.3 before the bias"),
    ("neuron", "bias of -0.3"),  # task 2's bias
    ("nudging", "dw = [1"),  # task 1: the slope of w[1]
    ("spiral", "1/3"),  # task 1: the confidence of three equal scores
])
def test_the_lesson_does_not_print_its_answer(name: str, answer: str) -> None:
    assert answer not in shown(name)


@pytest.mark.parametrize("name", ["parameters", "softmax-gradient", "regularization", "binary", "nudging"])
def test_no_task_claims_to_hide_what_the_screen_shows(name: str) -> None:
    said = shown(name, hints=False).lower()
    assert "before you look" not in said and "predict" not in said.replace("prediction", "")
    assert "before you do" not in said and "before you try" not in said
