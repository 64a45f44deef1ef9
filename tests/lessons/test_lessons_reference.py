"""LESSONS.md, the teacher's reference: it names every check kind with each of its keys, every
stage, shape-error operation, matrix and command, as the code has them now (its generated
parts are rewritten from the code); its examples load, and its worked lesson is clean and
gradable. A new kind, stage or command that is not documented fails here."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from tui.cli.headless import main
from tui.commands import COMMANDS
from tui.lessons.checks import KINDS
from tui.lessons.context import LessonContext
from tui.lessons.grader import grade
from tui.lessons.lint import CODE_WIDTH
from tui.lessons.loader import load_lesson
from tui.lessons.reference import PATTERN_PREFIXES, generated_names, rewrite
from tui.lessons.state_checks import MATRICES, OPERATIONS
from tui.lessons.workbench_checks import CURSOR_MATRICES, STAGE_NAMES

ROOT = Path(__file__).resolve().parents[2]
LESSONS = (ROOT / "LESSONS.md").read_text(encoding="utf-8")


def section(heading: str) -> str:
    """The text under ``heading`` up to the next heading of its level or above."""
    level = heading.split(" ")[0]
    start = LESSONS.index(f"\n{heading}\n")
    ends = [LESSONS.find(f"\n{'#' * depth} ", start + 1) for depth in range(2, len(level) + 1)]  # "# " is a comment in TOML
    return LESSONS[start: min([end for end in ends if end > 0], default=len(LESSONS))]


def fenced(text: str, language: str, fence: str = "```") -> list[str]:
    return re.findall(rf"^{fence}{language}\n(.*?)^{fence}$", text, re.DOTALL | re.MULTILINE)


def test_lessons_md_is_as_the_code_writes_it() -> None:
    assert rewrite(LESSONS) == LESSONS, "LESSONS.md is out of date: run python -m tui.lessons.reference LESSONS.md"


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_check_kind_has_its_section_with_every_key(kind: str) -> None:
    assert f"\n### `{kind}`\n" in LESSONS, f"LESSONS.md has no section for the check kind {kind!r}"
    text = section(f"### `{kind}`")
    assert f"<!-- generated: keys {kind} -->" in text
    prose = text.split("<!--")[0].removeprefix(f"\n### `{kind}`\n").strip()
    assert len(prose) > 20, f"the section of {kind!r} says what the check is before its keys"
    for key in KINDS[kind].KEYS:
        assert f"| `{key}` |" in text, f"{kind}'s key {key!r} is not in its table"


def test_every_stage_operation_matrix_and_command_is_named() -> None:
    names = [*STAGE_NAMES, *OPERATIONS, *MATRICES, *CURSOR_MATRICES]
    names += [command.name for command in COMMANDS if not command.name.startswith(tuple(PATTERN_PREFIXES))]
    names += list(PATTERN_PREFIXES.values())
    assert [name for name in names if f"`{name}`" not in LESSONS] == []
    assert {"stages", "operations", "matrices", "commands"} <= set(generated_names(LESSONS))


def test_it_says_the_width_code_may_have_as_lint_measures_it() -> None:
    assert f"at most **{CODE_WIDTH} columns**" in section("## Strings, backslashes and Markdown")


def test_the_files_example_loads(tmp_path: Path) -> None:
    path = tmp_path / "example.toml"
    path.write_text(fenced(section("## The file"), "toml")[0], encoding="utf-8")

    lesson = load_lesson(path)

    assert [task.id for task in lesson.tasks] == ["predict", "2"]


def test_literal_strings_keep_their_backslashes_as_it_says() -> None:
    example = tomllib.loads(fenced(section("## Strings, backslashes and Markdown"), "toml")[0])

    assert "C:\\nnfs\\spiral.json" in example["text"] and 'r"C:\\nnfs"' in example["hint"]


def test_the_worked_example_is_clean_and_a_session_that_does_it_passes(tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "layer-by-hand.toml"
    path.write_text(fenced(section("## A worked example"), "toml", "````")[0], encoding="utf-8")

    assert main(["lint", str(path)]) == 0
    assert capsys.readouterr().out == "1 lesson file: no warnings\n"
    lesson = load_lesson(path)
    document = lesson.start_document()
    document.set_cell("biases", 0, 1, "2.79")
    document.set_activation(0, "relu")
    statuses = [row["status"] for row in grade(lesson, LessonContext.of(document))]
    assert statuses == ["passed", "not graded", "passed"]


def test_the_readmes_writing_a_lesson_points_to_it() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    writing = readme[readme.index("### Writing a lesson"):]
    writing = writing[: writing.index("\n### ", 1)]

    assert "[LESSONS.md](LESSONS.md)" in writing
