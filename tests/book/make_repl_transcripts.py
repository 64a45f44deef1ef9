"""Make the REPL transcripts of chapters 2-19 on the book's classes: tests/book/repl/**.output.

    python tests/book/make_repl_transcripts.py        (NNFS_BOOK: a clone of Sentdex/nnfs_book)

nnwb's statement scripts (repl/chNN.py) run through ``tests/book/repl.py`` with the book's
classes (``repl_chapters.BOOK_CLASSES``, read from the clone) in place of their
``from engine.book import *`` line; what that shows is kept as repl/chNN.output (the book's
printed numbers, not its code), which test_repl.py compares with what the same scripts show
on engine.book, with no clone. The book's own statements after its classes
(``repl_chapters.chapter_input``: read from the clone, cut to seconds) are run the same way
into repl/book_files/chNN.output, for the test that needs the clone. Each is run on
engine.book too, and this script says where the two part, if they do.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.book.repl import engine_classes  # noqa: E402
from tests.book.repl_chapters import (  # noqa: E402
    BOOK_CLASSES,
    BOOK_FILES,
    CHAPTERS,
    SCRIPTS,
    chapter_input,
    run_session,
    script_classes,
)


def shown(input_path: Path, classes: str) -> tuple[str, float]:
    started = time.perf_counter()
    result = run_session(input_path, classes)
    if result.returncode:
        raise SystemExit(f"{input_path.name}: {result.stderr}")
    return result.stdout, time.perf_counter() - started


def transcribe(name: str, input_path: Path, classes: str, output: Path) -> None:
    book, book_seconds = shown(input_path, classes)
    output.write_text(book)
    ours, ours_seconds = shown(input_path, engine_classes(name))
    parted = next((n for n, (a, b) in enumerate(zip(book.splitlines(), ours.splitlines()), 1) if a != b), None)
    verdict = "same" if book == ours else f"parts at line {parted} ({len(ours.splitlines())} lines with engine.book)"
    print(f"{output.relative_to(SCRIPTS)}: {len(book.splitlines())} lines; {verdict}; "
          f"{book_seconds:.1f} s on the book's classes, {ours_seconds:.1f} s on engine.book")


def main() -> None:
    for name in BOOK_CLASSES:
        transcribe(name, SCRIPTS / f"{name}.py", script_classes(name), SCRIPTS / f"{name}.output")
    BOOK_FILES.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        for name in CHAPTERS:
            text, classes = chapter_input(name)
            input_path = Path(folder) / f"{name}.input"
            input_path.write_text(text)
            transcribe(name, input_path, classes, BOOK_FILES / f"{name}.output")


if __name__ == "__main__":
    main()
