"""Make tests/book/repl/chNN.output: what a REPL shows running each chapter 2-19 on the book's classes.

    python tests/book/make_repl_transcripts.py        (NNFS_BOOK: a clone of Sentdex/nnfs_book)

Each chapter's statements (``repl_chapters.chapter_input``: read from the clone, cut to
seconds) run through ``tests/book/repl.py`` with the chapter's own classes in place of its
``# <classes>`` line; what that shows is kept as data (the book's printed numbers, not its
code). test_repl.py runs the same statements with ``from engine.book import *`` there and
compares. So does this script, and it says where the two part, if they do.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.book.repl import engine_classes  # noqa: E402
from tests.book.repl_chapters import CHAPTERS, HERE, chapter_input, run_session  # noqa: E402

FOLDER = HERE / "repl"


def shown(input_path: Path, classes: str) -> tuple[str, float]:
    started = time.perf_counter()
    result = run_session(input_path, classes)
    if result.returncode:
        raise SystemExit(f"{input_path.name}: {result.stderr}")
    return result.stdout, time.perf_counter() - started


def main() -> None:
    FOLDER.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        for name in CHAPTERS:
            text, classes = chapter_input(name)
            input_path = Path(folder) / f"{name}.input"
            input_path.write_text(text)
            book, book_seconds = shown(input_path, classes)
            (FOLDER / f"{name}.output").write_text(book)
            ours, ours_seconds = shown(input_path, engine_classes(name))
            parted = next((n for n, (a, b) in enumerate(zip(book.splitlines(), ours.splitlines()), 1) if a != b), None)
            verdict = "same" if book == ours else f"parts at line {parted} ({len(ours.splitlines())} lines with engine.book)"
            print(f"{name}: {len(book.splitlines())} lines; {verdict}; {book_seconds:.1f} s on the book's classes, "
                  f"{ours_seconds:.1f} s on engine.book")


if __name__ == "__main__":
    main()
