"""Which autosaved work a start offers, and the words of the offer.

The rule (the README's): a start that names a file offers only work autosaved for that
file; one that names a lesson (and no file) only work done in that lesson; a plain ``nnwb``
the newest work left. Other work stays, offered to a start that asks for it. The offer says
what it would restore (the lesson, the file, when, the network, how it differs from the
file) and what Enter replaces.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from tui.document.state import Document
from tui.files.autosave import Leftover
from tui.files.paths import shown_path


def belongs(leftover: Leftover, asked_file: Path | None, asked_lesson: str) -> bool:
    """Is this work what the command line asked for (a file, else a lesson, else anything)?"""
    if asked_file is not None:
        return leftover.named() == asked_file
    if asked_lesson:
        return leftover.lesson() == asked_lesson
    return True


def lesson_heading(lesson_id: str) -> str:
    """``Lesson 4/13: Shapes`` for a lesson of the course, ``lesson mine.toml`` for one's own."""
    if not lesson_id:
        return "no lesson"
    from tui.lessons.titles import course_titles

    course = course_titles()
    for position, (path, title) in enumerate(course):
        if path.stem == lesson_id:
            return f"Lesson {position + 1}/{len(course)}: {title}"
    return f"lesson {shown_path(Path(lesson_id).name)}"


def network_words(document: Document) -> str:
    sizes = [str(document.inputs.shape[1])] + [str(step.dense.weights.shape[1]) for step in document.network.steps]
    samples = document.inputs.shape[0]
    return f"a {' → '.join(sizes)} network on {samples} sample{'s' if samples != 1 else ''}"


def file_words(named: Path | None, document: Document, training: dict[str, Any] | None) -> str:
    """The file the work belongs to, and whether it holds this work: said plainly when the
    file is not there (never saved, or moved or deleted since)."""
    if named is None:
        return "File: none (never saved to a file)."
    from tui.document.saved_content import SavedContent
    from tui.files.session_file import SessionFileError, load

    name = shown_path(named)
    if not named.exists():
        return f"File: {name}, which does not exist (never saved there, or moved or deleted since)."
    try:
        on_disk, on_disk_training = load(named)
    except (SessionFileError, OSError):
        return f"File: {name} (it cannot be read now)."
    same = SavedContent.of(on_disk, on_disk_training).holds(document, training)
    return f"File: {name}, which holds {'the same' if same else 'something else: the autosave has changes not saved there'}."


def offer_message(leftover: Leftover, document: Document, training: dict[str, Any] | None, replaces: str) -> str:
    """The offer's words: how the session ended, then what the work is and what Enter replaces."""
    when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(leftover.modified))
    if leftover.ended_cleanly():  # Ctrl+Q (or a closed terminal) with work kept: no crash
        how = "Last time nnwb ended with unsaved work kept for you."
    else:
        how = "nnwb did not end cleanly last time (killed or crashed)."
    lesson = lesson_heading(leftover.lesson())  # "Lesson 4/24: Shapes", "no lesson": a line of its own
    return "\n".join([
        how,
        f"Autosaved at {when}: {network_words(document)}.",
        f"{lesson[:1].upper()}{lesson[1:]}.",
        file_words(leftover.named(), document, training),
        f"Enter restores it in place of {replaces} (Ctrl+Z undoes that; no file is written until you save).",
    ])
