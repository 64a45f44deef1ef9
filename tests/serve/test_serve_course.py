"""``nnwb serve --course DIR``: the course is checked once when the server starts (a broken one
is refused with its file and line), found in the class folder too, passed to every tab by its
full path, and a tab opens its first lesson; a course broken since leaves the tab the plain
workbench with the reason."""

from __future__ import annotations

import shlex
from pathlib import Path

import aiohttp
import pytest

from tests.lessons.teacher_course import make_course
from tests.serve.served import Server, Tab
from tui.serve.command import lesson_argument
from tui.serve.session import without_unreadable_lesson
from tui.serve.tab_command import session_command


def test_each_tab_gets_the_course_by_its_full_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    course = make_course(tmp_path / "my course")
    monkeypatch.chdir(tmp_path)
    arguments = lesson_argument(None, None, "my course")
    assert arguments == ["--course", str(course)]
    assert lesson_argument("second", None, "my course") == ["--course", str(course), "--lesson", "second"]
    words = shlex.split(session_command(tmp_path / "states", arguments, None, server_pid=1234, serve_folder=tmp_path))
    assert words[-2:] == ["--course", str(course)]


def test_a_course_in_the_class_folder_is_found_there(tmp_path: Path) -> None:
    course = make_course(tmp_path / "class" / "unit-1")
    assert lesson_argument(None, tmp_path / "class", "unit-1") == ["--course", str(course)]


def test_a_broken_course_is_refused_before_serving_with_its_line(tmp_path: Path) -> None:
    course = make_course(tmp_path / "my course")
    (course / "course.toml").write_text('id = "my-course"\ntitle = "Mine"\nlessons = ["../x.toml"]\n')
    with pytest.raises(ValueError) as refused:
        lesson_argument(None, None, str(course))
    assert str(refused.value).startswith(f"nnwb serve: cannot serve the course {course}: {course}/course.toml:3: ")
    with pytest.raises(ValueError, match="no lesson \"third\" in the course"):
        lesson_argument("third", None, str(make_course(tmp_path / "good")))


def test_a_course_broken_after_the_server_started_is_dropped_with_its_line(tmp_path: Path) -> None:
    course = make_course(tmp_path / "my course")
    given = ["--course", str(course), "--lesson", "second"]
    assert without_unreadable_lesson(given) == (given, "")
    (course / "course.toml").write_text('id = "my-course"\ntitle = "Mine"\nlessons = "first.toml"\n')
    arguments, problem = without_unreadable_lesson(given)
    assert arguments == []
    assert problem.startswith(f"The course {course} could not be opened, so this tab has the workbench without it.")
    assert f"{course}/course.toml:3: " in problem


@pytest.mark.slow  # a real server and its tab's app, in subprocesses
async def test_a_served_tab_opens_the_course_s_first_lesson(tmp_path: Path) -> None:
    course = make_course(tmp_path / "my course")
    server = Server(tmp_path, "--course", str(course))
    try:
        async with aiohttp.ClientSession() as http:
            tab = await Tab.open(http, server.port)
            # The course's lesson 1, on its network: the notes' single neuron's 2.3.
            await tab.read_until(("Lesson 1/2: Teacher's neuron", "0/2 done", "2.3"))
            await tab.press(">")
            await tab.read_until(("Lesson 2/2: Teacher's layer",))
            await tab.close()
        assert server.stop() == 0
    finally:
        if server.process.poll() is None:
            server.process.kill()
