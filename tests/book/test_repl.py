"""Issue 20: typed into a REPL or a notebook, the book's chapters show the same on engine.book.

Each chapter 2-19 (11 runs on after 10) runs statement by statement as the interactive
interpreter runs it (``tests/book/repl.py``: compiled in "single" mode, a value that is not
None echoed by ``sys.displayhook``), with ``from engine.book import *`` where the chapter's
classes stood. What it shows must be, line for line, what the same statements showed on the
book's own classes (tests/book/repl/chNN.output, made by ``make_repl_transcripts.py`` from
Sentdex/nnfs_book at 9cf2fc48, NumPy 2.4.6, nnfs 0.5.1). The statements are the book's code,
read from a clone at run time (``NNFS_BOOK``) and never copied in: without one, that test
skips, and the chapter scripts of tests/book/chapters (nnwb's own) are typed into the REPL
instead, against what the book's code printed (tests/book/expected). A ``forward`` that
returned its array would echo it (chapter 3: hundreds of lines, not 5).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.book import book_source
from tests.book.repl import engine_classes
from tests.book.repl_chapters import CHAPTERS, HERE, chapter_input, run_session

FOLDER = HERE / "repl"
# The chapter scripts that run in a second or so: the printing chapters and one training loop.
QUICK_SCRIPTS = ["ch03", "ch04", "ch05", "ch09", "ch10"]


def assert_same_lines(shown: str, expected: str, name: str) -> None:
    shown_lines, expected_lines = shown.splitlines(), expected.splitlines()
    for number, (ours, book) in enumerate(zip(shown_lines, expected_lines), start=1):
        assert ours == book, f"{name} line {number}"
    assert len(shown_lines) == len(expected_lines), f"{name}: {len(shown_lines)} lines where the book's classes show {len(expected_lines)}"


def test_chapters_2_to_19_each_have_the_books_transcript() -> None:
    assert sorted(CHAPTERS) == ["ch02", "ch03", "ch04", "ch05", "ch06", "ch09", "ch10", "ch14", "ch15", "ch16", "ch17", "ch18", "ch19"]
    assert {path.stem for path in FOLDER.glob("*.output")} == set(CHAPTERS)
    for name in CHAPTERS:
        # No chapter failed on the book's classes (a REPL shows an exception as its last line).
        assert "Error: " not in (FOLDER / f"{name}.output").read_text(), name


@pytest.mark.slow  # a process per chapter; about 15 s of one core for all of them
@pytest.mark.skipif(not book_source.available(), reason=f"no clone of Sentdex/nnfs_book at {book_source.BOOK} (NNFS_BOOK)")
@pytest.mark.parametrize("name", sorted(CHAPTERS))
def test_a_repl_shows_what_it_shows_on_the_books_classes(name: str, tmp_path: Path) -> None:
    statements, _books_classes = chapter_input(name)
    input_path = tmp_path / f"{name}.input"
    input_path.write_text(statements)
    result = run_session(input_path, engine_classes(name))
    assert result.returncode == 0, result.stderr
    assert_same_lines(result.stdout, (FOLDER / f"{name}.output").read_text(), name)


@pytest.mark.parametrize("name", QUICK_SCRIPTS)
def test_a_chapter_script_typed_into_a_repl_shows_only_what_it_prints(name: str) -> None:
    result = run_session(HERE / "chapters" / f"{name}.py")
    assert result.returncode == 0, result.stderr
    assert_same_lines(result.stdout, (HERE / "expected" / f"{name}.out").read_text(), name)
