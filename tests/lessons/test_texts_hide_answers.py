"""A lesson's text, task sentences and hints do not print the number a task asks for, and no
task claims "before you look" where nothing hides what it shows (the screen may show it)."""

from __future__ import annotations

import re

import pytest

from tui.lessons import load_lesson
from tui.lessons.answers import answer_check
from tui.lessons.model import Task
from tui.lessons.titles import course_titles
from tui.lessons.vocabulary import DEFAULT_TOLERANCE


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
    ("regression", "2/π"),  # task 1: the mean of |sin| over a period
])
def test_the_lesson_does_not_print_its_answer(name: str, answer: str) -> None:
    assert answer not in shown(name)


@pytest.mark.parametrize("name", ["parameters", "softmax-gradient", "regularization", "binary", "nudging"])
def test_no_task_claims_to_hide_what_the_screen_shows(name: str) -> None:
    said = shown(name, hints=False).lower()
    assert "before you look" not in said and "predict" not in said.replace("prediction", "")
    assert "before you do" not in said and "before you try" not in said


def written_forms(value: float, tolerance: float) -> list[str]:
    """How a hint could write a number that passes: rounded to any places that still pass,
    with its sign (either minus) when negative; a lone positive digit is too common to look for."""
    forms = set()
    for places in range(6):
        rounded = round(value, places)
        if abs(rounded - value) <= tolerance:
            forms.add(f"{abs(rounded):.{places}f}".rstrip("0").rstrip(".") if places else f"{abs(rounded):.0f}")
    found = []
    for form in forms:
        if value < 0:
            found += [f"-{form}", f"−{form}"]
        elif len(form) > 1:
            found.append(form)
    return found


def hinted(hint: str, form: str) -> bool:
    return re.search(rf"(?<![\d.]){re.escape(form)}(?![\d])", hint) is not None


ANSWER_TASKS = [(path.stem, task) for path, _title in course_titles()
                for task in load_lesson(path).tasks if answer_check(task) is not None and task.hint]


@pytest.mark.parametrize("name, task", ANSWER_TASKS, ids=[f"{name}-{task.id}" for name, task in ANSWER_TASKS])
def test_no_hint_holds_its_tasks_answer(name: str, task: Task) -> None:
    check = answer_check(task)
    assert check is not None and check.equals is not None
    tolerance = DEFAULT_TOLERANCE if check.tolerance is None else check.tolerance
    assert [form for form in written_forms(check.equals, tolerance) if hinted(task.hint, form)] == []


@pytest.mark.parametrize("name, task_id, figure", [
    ("sine-by-hand", "rise", "weight 6"),  # the pair's every weight and bias
    ("sine-by-hand", "rise", "bias 1"),
    ("sine-by-hand", "fall", "5.66"),
    ("sine-by-hand", "fall", "-1.83"),
    ("nudging", "slope", "0.002"),  # the move and the nudge: the slope is their quotient
    ("layer-backward", "dweights", "2.7 × 3"),  # the sum written out
    ("layer-backward", "dinputs", "(1)"),  # the dvalue and the weight given
    ("layer-backward", "dinputs", "−3 now"),
    ("softmax-gradient", "relabel", "(0.08 − 1) / 3"),
    ("sgd", "decay", "1001"),  # the epochs the task asks for
    ("overfitting", "trained-on", "a fifth"),  # 300 / 5 is all that is left
])
def test_no_hint_hands_over_the_figure(name: str, task_id: str, figure: str) -> None:
    task = next(task for task in load_lesson(name).tasks if task.id == task_id)
    assert figure not in task.hint
