"""Per lesson, per task: the keys that do it (``tests/tui/test_lessons_course.py``).

Each ``part_*.py`` module here holds a ``DOING`` dict for some lessons; they are merged in
the modules' order, so a new lesson's keys go in a module of their own.
"""

from __future__ import annotations

import importlib
import pkgutil

from tests.tui.lesson_keys.actions import Doing

DOING: dict[str, list[Doing]] = {}
for _module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
    if _module.name.startswith("part_"):
        DOING.update(importlib.import_module(f"{__name__}.{_module.name}").DOING)
