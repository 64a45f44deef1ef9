"""The book's own code (Sentdex/nnfs_book), read at run time from a clone and never copied in.

``NNFS_BOOK`` names the clone (a work tree, or a bare git directory read with ``git show``);
by default the mirror of this machine. Without it the tests that need the book's classes
skip, and the REPL transcripts made from it (tests/book/repl) are data that need nothing.
"""

from __future__ import annotations

import ast
import os
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

BOOK = Path(os.environ.get("NNFS_BOOK", "/work/.mirror/Sentdex+nnfs_book/repo"))
COMMIT = "9cf2fc48"  # the commit the expected outputs were made from
FINAL = "Chapter_22/Ch22_Final.py"  # every class of the book, in their last form


def available() -> bool:
    return (BOOK / FINAL).is_file() or (BOOK / "HEAD").is_file()


def book_file(path: str) -> str:
    """A file of the book's repository, as text."""
    if (BOOK / path).is_file():
        return (BOOK / path).read_text()
    return subprocess.run(
        ["git", "--git-dir", str(BOOK), "show", f"HEAD:{path}"], capture_output=True, text=True, check=True
    ).stdout


class ChapterParts(NamedTuple):
    """A chapter file cut where its classes stand: what comes before them (the imports and
    ``nnfs.init()``), the class definitions, and the statements a learner types after them."""

    header: str
    classes: str
    statements: str


def chapter_parts(source: str) -> ChapterParts:
    """The three parts of a chapter file; the book's printed output (a bare string at the
    top level, ``'''>>> ...'''``, or after a bare ``>>>`` line) is left out, as a learner
    does not type it."""
    try:
        nodes = ast.parse(source).body
    except SyntaxError:  # chapter 15's file ends with its printed output outside any string
        source = source.partition("\n>>>\n")[0] + "\n"
        nodes = ast.parse(source).body
    lines = source.splitlines()

    def text(chosen: Sequence[ast.stmt]) -> str:
        return "".join("\n".join(lines[node.lineno - 1 : node.end_lineno]) + "\n" for node in chosen)

    kept = [node for node in nodes if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))]
    class_indices = [index for index, node in enumerate(kept) if isinstance(node, ast.ClassDef)]
    if not class_indices:  # chapter 2: NumPy only; its "classes" would go after the imports
        imports = next((i for i, node in enumerate(kept) if not isinstance(node, (ast.Import, ast.ImportFrom))), len(kept))
        return ChapterParts(text(kept[:imports]), "", text(kept[imports:]))
    first, last = class_indices[0], class_indices[-1]
    classes = [node for node in kept[first : last + 1] if isinstance(node, ast.ClassDef)]
    return ChapterParts(text(kept[:first]), text(classes), text(kept[last + 1 :]))


def book_classes() -> str:
    """The class definitions of chapter 22's file (every class, chapters 2-22's calls)."""
    return chapter_parts(book_file(FINAL)).classes
