"""Lesson files are someone else's text: a title, a text or a task with Rich markup in it is
shown as written, and one with terminal escapes (ESC ] 0 ; ... BEL sets the window's title,
ESC [ 2 J blanks the screen) shows the escapes as text and never sends them to the terminal,
in the workbench and in ``nnwb check``'s output alike."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.tui.bursts import type_fast
from tests.tui.conftest import region_text, screen_text, wait_for
from tests.tui.test_lessons_ui import started, type_cell
from tui.files.session_file import save
from tui.screens.confirm import ConfirmScreen

ROOT = Path(__file__).resolve().parents[2]
MARKUP_TITLE = "Shapes [n, m] and [/n], [b]not bold[/b], [link=https://example.com]a link[/link]"
# TOML's \u001b is the ESC character, \u0007 the BEL: the file itself is plain text.
TITLE_ESCAPES, TEXT_ESCAPES = r"Evil \u001b]0;pwned\u0007 title", r"body \u001b[2J end \u009b31m"
SHOWN_TITLE, SHOWN_TEXT = r"Evil \x1b]0;pwned\x07 title", r"body \x1b[2J end \x9b31m"


def lesson_file(folder: Path, title: str, text: str, task: str, hint: str) -> Path:
    path = folder / "hostile.toml"
    path.write_text(f'title = "{title}"\ntext = """\n{text}\n"""\npreset = "single-neuron"\n\n'
                    f'[[tasks]]\ntext = "{task}"\ncheck = "no_shape_error"\n\n'
                    f'[[tasks]]\ntext = "Make the bias 5."\nhint = "{hint}"\ncheck = "cell"\nmatrix = "biases"\nlayer = 1\nrow = 0\n'
                    f'column = 0\nequals = 5.0\n', encoding="utf-8")
    return path


def lesson_panel(app) -> str:  # type: ignore[no-untyped-def]
    return region_text(app, app.query_one("#lesson"))


async def test_rich_markup_in_a_lesson_is_shown_as_written(tmp_path: Path) -> None:
    path = lesson_file(tmp_path, MARKUP_TITLE, "Text with [red]markup[/red] and [/n].", "Task [b]one[/b] [/x]",
                       "Hint [/y]")
    app = started(["--lesson", str(path)])
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        await wait_for(pilot, lambda: "Text with" in lesson_panel(app), "the lesson's text shows")
        await type_fast(pilot, "h")  # the hints
        shown = lesson_panel(app)
        assert f"Lesson: {MARKUP_TITLE}" in shown, shown
        assert "Text with [red]markup[/red] and [/n]." in shown
        assert "1. Task [b]one[/b] [/x]" in shown and "Hint: Hint [/y]" in shown
        await type_cell(pilot, app, "#inputs", "5")
        await pilot.press("ctrl+r")  # reset: the question quotes the title
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "reset asks first")
        question = " ".join(screen_text(app).split())
        assert "Shapes [n, m] and [/n], [b]not bold[/b]" in question.replace("│ │", " "), question
        assert app._exception is None and app.is_running


async def test_terminal_escapes_in_a_lesson_are_shown_as_escapes_and_never_sent(tmp_path: Path) -> None:
    path = lesson_file(tmp_path, TITLE_ESCAPES, TEXT_ESCAPES, r"task \u001b]0;pwned\u0007", r"hint \u001b[2J")
    app = started(["--lesson", str(path)])
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        await wait_for(pilot, lambda: "body" in lesson_panel(app), "the lesson's text shows")
        await type_fast(pilot, "h")
        shown = lesson_panel(app)
        assert f"Lesson: {SHOWN_TITLE}" in shown and SHOWN_TEXT in shown, shown
        assert r"1. task \x1b]0;pwned\x07" in shown and r"Hint: hint \x1b[2J" in shown, shown
        assert "\x1b" not in screen_text(app) and "\x9b" not in screen_text(app)  # the notices too


def test_nnwb_check_prints_a_hostile_lesson_and_hand_in_name_as_escapes(tmp_path: Path) -> None:
    """A grading loop over hand-ins: the lesson's text and the file's name reach the
    teacher's terminal as text, never as a command to it."""
    lesson = lesson_file(tmp_path, TITLE_ESCAPES, TEXT_ESCAPES, r"task \u001b]0;pwned\u0007", "hint")
    hand_in = tmp_path / "evil\x1b]0;pwned\x07.json"
    save(started(["--lesson", str(lesson)]).document, hand_in)
    env = {**os.environ, "HOME": str(tmp_path), "XDG_STATE_HOME": str(tmp_path / "state")}
    done = subprocess.run([sys.executable, "-m", "tui", "check", str(lesson), str(hand_in)], cwd=ROOT, env=env,
                          capture_output=True, timeout=60, stdin=subprocess.DEVNULL)
    assert done.returncode == 1, done  # task 2 fails: the bias is not 5
    for stream in (done.stdout, done.stderr):
        assert b"\x1b" not in stream and b"\x07" not in stream, stream
    said = done.stdout.decode()
    assert said.startswith(SHOWN_TITLE) and r"evil\x1b]0;pwned\x07.json" in said, said
    assert r"1. passed: task \x1b]0;pwned\x07" in said, said


START = 'title = "t"\ntext = "x"\npreset = "single-neuron"\n'


@pytest.mark.parametrize("written, said", [
    ('"\\u001b[2J" = 1\n' + START, r"unknown key \x1b[2J"),  # a key of the file's own
    (START + '\n[[tasks]]\ntext = "t"\ncheck = "\\u001b]0;pwned\\u0007"\n', r'unknown check kind "\x1b]0;pwned\x07"'),
])
def test_a_broken_lesson_says_why_without_its_escapes(written: str, said: str, tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(written, encoding="utf-8")
    env = {**os.environ, "HOME": str(tmp_path), "XDG_STATE_HOME": str(tmp_path / "state")}
    for argv in (["--lesson", str(path)], ["check", str(path), "nothing.json"]):
        done = subprocess.run([sys.executable, "-m", "tui", *argv], cwd=ROOT, env=env, capture_output=True, timeout=60,
                              stdin=subprocess.DEVNULL)
        assert done.returncode == 2, done
        assert b"\x1b" not in done.stderr and b"\x07" not in done.stderr, done.stderr
        assert said in done.stderr.decode(), done.stderr
