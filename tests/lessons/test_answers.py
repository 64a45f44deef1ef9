"""The ``answer`` check without the app: the loader takes and refuses its tables, the
session file keeps the answers by task id, and ``nnwb check`` grades them from the file
(none given: "not answered", failed; a wrong one: "not yet", never the number wanted)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tui.document.state import Document
from tui.files import session_file
from tui.files.session_file import SessionFileError
from tui.lessons import LessonFileError, load_lesson
from tui.lessons.answers import AnswerCheck, answer_note
from tui.lessons.context import LessonContext
from tui.lessons.grader import SOME_FAIL, grade, main

HEAD = '''title = "Predict"
text = "By hand first."
preset = "single-neuron"
'''
TASK = '''
[[tasks]]
id = "slope"
text = "What slope did nudging w0 measure?"
'''


def lesson_file(tmp_path: Path, check: str) -> Path:
    path = tmp_path / "predict.toml"
    path.write_text(HEAD + TASK + check, encoding="utf-8")
    return path


def test_answer_tables_load_with_their_comparison_and_label(tmp_path: Path) -> None:
    lesson = load_lesson(lesson_file(tmp_path, 'check = "answer"\nlabel = "slope"\nequals = 1.0\ntolerance = 0.05\n'))
    check = lesson.tasks[0].checks[0]
    assert isinstance(check, AnswerCheck)
    assert (check.equals, check.tolerance, check.label) == (1.0, 0.05, "slope")
    ranged = load_lesson(lesson_file(tmp_path, 'check = "answer"\nat_least = 0.1\nat_most = 0.2\n')).tasks[0].checks[0]
    assert isinstance(ranged, AnswerCheck) and (ranged.at_least, ranged.at_most, ranged.label) == (0.1, 0.2, "")
    # With a state check: both must hold.
    both = load_lesson(lesson_file(tmp_path, '[[tasks.checks]]\ncheck = "answer"\nequals = 2.3\n'
                                              '[[tasks.checks]]\ncheck = "no_shape_error"\n'))
    assert [c.kind for c in both.tasks[0].checks] == ["answer", "no_shape_error"]


@pytest.mark.parametrize(("check", "said"), [
    ('check = "answer"\n', "expected a comparison"),
    ('check = "answer"\nequals = "2.3"\n', 'equals must be a number, not "2.3"'),
    ('check = "answer"\nequals = 1.0\nat_most = 2.0\n', "at_most cannot go with equals"),
    ('check = "answer"\nequals = 1.0\nlabel = 3\n', "label must be a string"),
    ('check = "answer"\nequals = 1.0\nlabel = "a very long label that is really a sentence, not a name"\n',
     "label must be a short name on one line"),
    ('check = "answer"\nequals = 1.0\nlayer = 1\n', 'an "answer" check has no key layer'),
])
def test_answer_tables_that_cannot_be_are_refused_with_their_line(tmp_path: Path, check: str, said: str) -> None:
    path = lesson_file(tmp_path, check)
    with pytest.raises(LessonFileError) as refused:
        load_lesson(path)
    assert str(refused.value).startswith(f"{path}:")
    assert said in str(refused.value), str(refused.value)


def test_the_grader_reads_the_answers_from_the_file(tmp_path: Path) -> None:
    lesson = load_lesson(lesson_file(tmp_path, 'check = "answer"\nequals = 1.0\ntolerance = 0.05\n'))
    document = lesson.start_document()
    assert grade(lesson, LessonContext.of(document))[0]["detail"].startswith("not answered")
    document.set_answer("slope", 1.5)
    saved = tmp_path / "work.json"
    session_file.save(document, saved)
    assert json.loads(saved.read_text())["answers"] == {"slope": {"value": 1.5, "predicted": False, "tries": 1}}
    out = io.StringIO()
    assert main(str(lesson.path), str(saved), False, out, io.StringIO()) == SOME_FAIL
    assert "your answer is 1.5: not yet" in out.getvalue() and "1 (within" not in out.getvalue()
    document.set_answer("slope", 1.04)  # replaces the answer before
    session_file.save(document, saved)
    out = io.StringIO()
    assert main(str(lesson.path), str(saved), True, out, io.StringIO()) == 0
    assert json.loads(out.getvalue())["tasks"][0]["status"] == "passed"


def test_the_panels_note_gives_the_answer_and_never_the_number_wanted(tmp_path: Path) -> None:
    lesson = load_lesson(lesson_file(tmp_path, 'check = "answer"\nlabel = "slope"\nequals = 1.0\ntolerance = 0.05\n'))
    task = lesson.tasks[0]
    assert answer_note(task, {}) == "= to answer (slope)"
    assert answer_note(task, {"slope": 0.5}) == "your answer: 0.5 · not yet"
    assert answer_note(task, {"slope": 1.0}) == "your answer: 1"


def test_answers_read_back_and_a_file_without_them_has_none(tmp_path: Path) -> None:
    document = Document.from_preset("single-neuron")
    assert "answers" not in session_file.to_dict(document)  # none: the file is as it was before answers
    document.set_answer("predict", -0.25)
    document.set_answer("2", 3.0)
    back, _ = session_file.loads(session_file.dumps(document))
    assert back.answers == {"predict": -0.25, "2": 3.0}
    assert session_file.loads(session_file.dumps(Document.from_preset("single-neuron")))[0].answers == {}


@pytest.mark.parametrize(("answers", "said"), [
    ('[1, 2]', "answers: an object of task ids and numbers"),
    ('{"slope": "1.5"}', 'answers.slope: a number is needed, not "1.5"'),
    ('{"slope": true}', "answers.slope: a number is needed, not true"),
    ('{"": 1}', "is not a task's id"),
])
def test_answers_that_cannot_be_are_refused_saying_where(answers: str, said: str) -> None:
    text = session_file.dumps(Document.from_preset("single-neuron"))
    text = text.rstrip().removesuffix("}") + f', "answers": {answers}\n}}\n'
    with pytest.raises(SessionFileError) as refused:
        session_file.loads(text)
    assert said in str(refused.value), str(refused.value)


def test_an_answer_is_not_an_undo_step_and_a_preset_keeps_it() -> None:
    document = Document.from_preset("single-neuron")
    document.set_answer("predict", 2.3)
    assert not document.history.can_undo
    document.load_preset("two-layers")
    assert document.answers == {"predict": 2.3}
    document.undo()
    assert document.answers == {"predict": 2.3}


def test_the_autosave_keeps_the_answers(tmp_path: Path) -> None:
    from tui.files.autosave_sidecar import read_autosave, write_autosave

    document = Document.from_preset("single-neuron")
    document.set_answer("predict", 2.3)
    write_autosave(tmp_path / "autosave-1.json", document, None)
    assert read_autosave(tmp_path / "autosave-1.json")[0].answers == {"predict": 2.3}
