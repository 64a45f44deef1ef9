"""``predict = true``: an answer counts only if it was typed while the task's other checks did
not hold yet. The session file keeps whether it was and the tries (a bare number, as older
files have it: not known as a prediction); ``nnwb check`` grades it, and shows the teacher
(--show-wanted) how it came, the learner nothing more."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.document.state import AnswerMark
from tui.files import session_file
from tui.files.session_format import SessionFileError
from tui.lessons import load_lesson
from tui.lessons.context import LessonContext
from tui.lessons.grader import grade


def relabelled(predicted: bool, tries: int = 1):  # type: ignore[no-untyped-def]
    """Lesson 17's start with task 2 done: the answer, then s2's label changed."""
    lesson = load_lesson("softmax-gradient")
    document = lesson.start_document()
    for _ in range(tries):
        document.set_answer("relabel", -0.3067, predicted)
    document.set_cell("labels", 2, 0, "2")
    return lesson, document


def relabel_row(predicted: bool, tries: int = 1, show_wanted: bool = False) -> dict[str, object]:
    lesson, document = relabelled(predicted, tries)
    return grade(lesson, LessonContext.of(document), show_wanted)[1]


def test_a_predicted_answer_passes_and_one_read_off_the_screen_does_not() -> None:
    assert relabel_row(True)["status"] == "passed"
    row = relabel_row(False)
    assert row["status"] == "failed" and "not a prediction" in str(row["detail"])


def test_the_teacher_sees_the_tries_and_the_learner_not() -> None:
    teacher = relabel_row(True, tries=3, show_wanted=True)
    assert teacher["tries"] == 3 and teacher["predicted"] is True
    assert "predicted, after 3 tries" in str(teacher["detail"])
    learner = relabel_row(True, tries=3)
    assert "tries" not in learner and "after" not in str(learner["detail"])


def test_the_session_file_keeps_how_each_answer_came(tmp_path: Path) -> None:
    _lesson, document = relabelled(True, tries=2)
    path = tmp_path / "work.json"
    session_file.save(document, path)
    assert json.loads(path.read_text())["answers"] == {"relabel": {"value": -0.3067, "predicted": True, "tries": 2}}
    back, _training = session_file.load(path)
    assert back.answers == {"relabel": -0.3067} and back.answer_marks == {"relabel": AnswerMark(True, 2)}


def test_an_older_files_bare_number_is_no_known_prediction(tmp_path: Path) -> None:
    lesson, document = relabelled(True)
    path = tmp_path / "work.json"
    session_file.save(document, path)
    data = json.loads(path.read_text())
    data["answers"] = {"relabel": -0.3067}
    path.write_text(json.dumps(data))
    back, _training = session_file.load(path)
    assert back.answers == {"relabel": -0.3067} and back.answer_marks == {}
    assert grade(lesson, LessonContext.of(back))[1]["status"] == "failed"


@pytest.mark.parametrize("answer, said", [
    ({"value": 1.0, "predicted": "yes"}, "answers.relabel.predicted: true or false is needed"),
    ({"value": 1.0, "tries": 0}, "answers.relabel.tries: a whole number from 1"),
    ({"predicted": True}, "answers.relabel.value: a number is needed"),
    ({"value": 1.0, "when": 3}, 'answers.relabel: unknown key "when"'),
])
def test_a_bad_answer_object_is_refused_saying_where(tmp_path: Path, answer: object, said: str) -> None:
    _lesson, document = relabelled(True)
    path = tmp_path / "work.json"
    session_file.save(document, path)
    data = json.loads(path.read_text())
    data["answers"] = {"relabel": answer}
    path.write_text(json.dumps(data))
    with pytest.raises(SessionFileError) as refused:
        session_file.load(path)
    assert said in str(refused.value)


def test_predict_tasks_of_the_course() -> None:
    """The course's "predict, then do" tasks whose order allows it say predict = true."""
    from tui.lessons.answers import answer_check

    asked = {(name, task_id) for name, task_id in [("softmax-gradient", "relabel"), ("regularization", "l1"),
                                                  ("regression", "mae"), ("layer-backward", "dinputs")]}
    for name, task_id in asked:
        task = next(task for task in load_lesson(name).tasks if task.id == task_id)
        check = answer_check(task)
        assert check is not None and check.predict, (name, task_id)
