"""Issue 20: typed into a REPL or a notebook, chapters 2-19 show the same on engine.book.

Each chapter 2-19 has a statement script of nnwb's own (tests/book/repl/chNN.py: what a
learner types in that chapter, written for nnwb, not the book's code) that runs statement by
statement as the interactive interpreter runs it (``tests/book/repl.py``: compiled in
"single" mode, a value that is not None echoed by ``sys.displayhook``, in a loop's body too)
with ``from engine.book import *``. What it shows must be, line for line, what the same
statements showed with the book's own classes in place of that import (repl/chNN.output,
made by ``make_repl_transcripts.py`` from Sentdex/nnfs_book at 9cf2fc48, NumPy 2.4.6, nnfs
0.5.1). That needs no clone of the book. A ``forward`` that returned its array would echo it
(chapter 3: hundreds of lines), a dropout that kept the drop rate would show 0.1, not 0.9.

With a clone (``NNFS_BOOK``), the book's own statements after its classes are typed in as
well, against repl/book_files/chNN.output; without one that test skips.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.book import book_source
from tests.book.repl import engine_classes
from tests.book.repl_chapters import BOOK_CLASSES, BOOK_FILES, CHAPTERS, HERE, SCRIPTS, chapter_input, run_session

# The chapter scripts of tests/book/chapters that run in a second or so.
QUICK_SCRIPTS = ["ch03", "ch04", "ch05", "ch09", "ch10"]


def assert_same_lines(shown: str, expected: str, name: str) -> None:
    shown_lines, expected_lines = shown.splitlines(), expected.splitlines()
    for number, (ours, book) in enumerate(zip(shown_lines, expected_lines), start=1):
        assert ours == book, f"{name} line {number}"
    assert len(shown_lines) == len(expected_lines), f"{name}: {len(shown_lines)} lines where the book's classes show {len(expected_lines)}"


def test_chapters_2_to_19_each_have_a_script_and_the_books_transcript() -> None:
    names = [f"ch{number:02d}" for number in range(2, 20)]
    assert list(BOOK_CLASSES) == names
    assert sorted(path.stem for path in SCRIPTS.glob("ch*.py")) == names
    assert sorted(path.stem for path in SCRIPTS.glob("ch*.output")) == names
    assert sorted(path.stem for path in BOOK_FILES.glob("*.output")) == sorted(CHAPTERS)
    for path in [*SCRIPTS.glob("ch*.output"), *BOOK_FILES.glob("*.output")]:
        # No statement failed on the book's classes (a REPL shows an exception as its last line).
        assert "Error: " not in path.read_text(), path.name


@pytest.mark.parametrize("name", list(BOOK_CLASSES))
def test_a_repl_shows_on_engine_book_what_it_showed_on_the_books_classes(name: str) -> None:
    result = run_session(SCRIPTS / f"{name}.py", engine_classes(name))
    assert result.returncode == 0, result.stderr
    assert_same_lines(result.stdout, (SCRIPTS / f"{name}.output").read_text(), name)


@pytest.mark.slow  # a process per chapter, some training for seconds: about 35 s of one core in all
@pytest.mark.skipif(not book_source.available(), reason=f"no clone of Sentdex/nnfs_book at {book_source.BOOK} (NNFS_BOOK)")
@pytest.mark.parametrize("name", sorted(CHAPTERS))
def test_the_books_own_statements_show_what_they_show_on_its_classes(name: str, tmp_path: Path) -> None:
    statements, _books_classes = chapter_input(name)
    input_path = tmp_path / f"{name}.input"
    input_path.write_text(statements)
    result = run_session(input_path, engine_classes(name))
    assert result.returncode == 0, result.stderr
    assert_same_lines(result.stdout, (BOOK_FILES / f"{name}.output").read_text(), name)


@pytest.mark.parametrize("name", QUICK_SCRIPTS)
def test_a_chapter_script_typed_into_a_repl_shows_only_what_it_prints(name: str) -> None:
    result = run_session(HERE / "chapters" / f"{name}.py")
    assert result.returncode == 0, result.stderr
    assert_same_lines(result.stdout, (HERE / "expected" / f"{name}.out").read_text(), name)
