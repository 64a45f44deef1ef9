"""Where the built-in course lives and what its lessons are called, read without loading the
lessons' checks: the command table lists a palette entry per lesson at start-up, and the
checks cost tens of milliseconds that start-up does not pay."""

from __future__ import annotations

import re
from pathlib import Path

COURSE = Path(__file__).parent / "course"
# A title on the file's first line, as every lesson of the course has it, with nothing in the
# quotes that TOML would read otherwise: read without loading a TOML parser at start-up.
PLAIN_TITLE = re.compile(r'title *= *"([^"\\]*)" *(?:#[^\n]*)?\n')


def plain_title(title: str) -> str:
    """A title without the course number it may start with ("1. A neuron" -> "A neuron"):
    the workbench numbers the lessons itself ("Lesson 1/13: A neuron")."""
    return re.sub(r"^\s*\d+[.):]\s+", "", title) or title


def builtin_paths() -> list[Path]:
    """The built-in course's lesson files, in the course's order."""
    return sorted(COURSE.glob("*.toml"))


def is_number(text: str) -> bool:
    """ASCII digits only: ``str.isdigit`` also takes "²" and "２", which ``int`` refuses or reads as 2."""
    return text.isascii() and text.isdigit()


def file_number(path: Path) -> int | None:
    """The number a lesson file's name starts with (``01-neuron.toml`` -> 1), if it has one."""
    order = path.stem.partition("-")[0]
    return int(order) if is_number(order) else None


def short_name(path: Path) -> str:
    """The name ``nnwb --lesson`` takes for a course file: ``01-neuron.toml`` -> ``neuron``."""
    order, _, short = path.stem.partition("-")
    return short if is_number(order) and short else path.stem


def course_titles() -> list[tuple[Path, str]]:
    """Each built-in lesson's file and plain title; a file that cannot be read keeps its short
    name as its title (opening it says what is wrong)."""
    titles = []
    for path in builtin_paths():
        try:
            title = str(_head(path.read_text(encoding="utf-8-sig")).get("title", short_name(path)))
        except (OSError, ValueError):
            title = short_name(path)
        titles.append((path, plain_title(title)))
    return titles


def _head(text: str) -> dict[str, object]:
    """The top-level keys of a lesson file, title among them, read from the text before its
    first table (``[[tasks]]``): the tasks are most of the file and of the time to parse it,
    at start-up. Where that cut does not leave TOML (a ``[`` at the start of a line in a long
    string), the whole file is read."""
    plain = PLAIN_TITLE.match(text)
    if plain is not None:
        return {"title": plain.group(1)}
    import tomllib

    cut = re.search(r"^\[", text, re.MULTILINE)
    if cut is not None:
        try:
            return tomllib.loads(text[: cut.start()])
        except ValueError:
            pass
    return tomllib.loads(text)
