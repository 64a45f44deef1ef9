"""Where each key of a TOML file is (tomllib reports no lines for keys), and the error that
names a file and line: shared by lesson files (``tui.lessons.loader``) and course files
(``tui.lessons.courses``)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from tui.files.safe_text import safe_text

# A stable name (a task's id, a course's id): what progress is kept under.
STABLE_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")

TablePath = tuple[object, ...]


class LessonFileError(ValueError):
    """A lesson file that cannot be a lesson: ``FILE:LINE: what was expected``.

    Its message quotes the file and its name, and is printed (``nnwb check``, ``nnwb
    --lesson``, the server's log) and shown (a notice, a served tab): escaped here, once."""

    def __init__(self, message: str) -> None:
        super().__init__(safe_text(message))


# ------------------------------------------------------------------ lines of keys
_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\- ]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r'^\s*("[^"]*"|\'[^\']*\'|[A-Za-z0-9_\-]+)\s*=')


class KeyLines:
    """Where each table and key of a TOML text starts (1-based lines), for messages.

    Knows the shapes lesson files use: top-level keys, ``[[tasks]]`` and
    ``[[tasks.checks]]`` (each numbered in order), ``[name]`` tables. Lines inside
    multi-line strings are skipped.
    """

    def __init__(self, text: str) -> None:
        self.tables: dict[TablePath, int] = {(): 1}
        self.keys: dict[tuple[TablePath, str], int] = {}
        current: TablePath = ()
        counts: dict[TablePath, int] = {}
        inside: str | None = None  # the quotes of a multi-line string being read
        for number, line in enumerate(text.splitlines(), start=1):
            if inside is not None:
                if line.count(inside) % 2 == 1:
                    inside = None
                continue
            header = _HEADER.match(line)
            if header is not None:
                names = tuple(part.strip() for part in header.group(2).split("."))
                if header.group(1) == "[[":
                    parent = self._parent(current, names[:-1])
                    array = (*parent, names[-1])
                    index = counts.get(array, -1) + 1
                    counts[array] = index
                    current = (*array, index)
                else:
                    current = names
                self.tables[current] = number
                continue
            key = _KEY.match(line)
            if key is not None:
                self.keys[(current, key.group(1).strip("\"'"))] = number
                for quotes in ('"""', "'''"):
                    if line.count(quotes) % 2 == 1:
                        inside = quotes
                        break

    @staticmethod
    def _parent(current: TablePath, names: tuple[str, ...]) -> TablePath:
        """The table ``[[a.b]]`` belongs to: the latest element of array ``a``."""
        path: list[object] = []
        for name in names:
            path.append(name)
            if len(current) > len(path) and current[len(path) - 1] == name and isinstance(current[len(path)], int):
                path.append(current[len(path)])
        return tuple(path)

    def line(self, table: TablePath, key: str | None = None) -> int:
        """The key's line, else its table's, else the nearest enclosing table's."""
        if key is not None and (table, key) in self.keys:
            return self.keys[(table, key)]
        while table not in self.tables and table:
            table = table[:-1]
        return self.tables.get(table, 1)


def parse_toml(text: str, path: Path) -> dict[str, Any]:
    """The TOML in ``text``, or LessonFileError("FILE:LINE: not TOML: why")."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error))
        where = found.group(1) if found else "1"
        raise LessonFileError(f"{path}:{where}: not TOML: {message}") from None


def read_small_text(path: Path, source: str, what: str, limit: int) -> str:
    """The UTF-8 text of the file at ``path`` (``source`` as the user named it), at most
    ``limit`` bytes; else LessonFileError saying why not."""
    try:
        raw = path.read_bytes() if path.is_file() else None
    except OSError as error:
        raise LessonFileError(f"{source}: cannot be read ({error.strerror or error})") from None
    if raw is None:
        raise LessonFileError(f"{source}: not a file")
    if len(raw) > limit:
        raise LessonFileError(f"{source}: {len(raw):,} bytes is more than {what} may be ({limit:,})")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise LessonFileError(f"{source}: byte {error.start} is not UTF-8 text") from None
