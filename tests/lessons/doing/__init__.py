"""Per lesson, per task: the document edits that do it (``tests/lessons/test_course.py``).

Each ``part_*.py`` module here holds a ``DOING`` dict for some lessons; they are merged in
the modules' order, so a new lesson's edits go in a module of their own.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable

from tui.document.state import Document
from tui.lessons.context import Cursor

Edit = Callable[[Document], "frozenset[str] | Cursor | None"]

DOING: dict[str, list[Edit]] = {}
for _module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
    if _module.name.startswith("part_"):
        DOING.update(importlib.import_module(f"{__name__}.{_module.name}").DOING)
