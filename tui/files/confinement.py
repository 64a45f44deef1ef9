"""Where a browser tab's files may be: its own folder, read and written, and the class
folder a teacher names (``nnwb serve --class-folder``), read only.

The tabs of one ``nnwb serve`` are different people on one machine account: without this,
a tab could open another tab's work or its autosave, write over the teacher's files, or
plant a module that later tabs import. So in a served tab every file door (open, save, save
as, export, screenshot, the picker's listing) asks here first; a path outside, through
``..``, written whole, or through a link that leads out, is refused with a message that
says where files go, and nothing is read or written. In a terminal nothing is confined:
``confined()`` is None and every path is given back as it came.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


class PathRefused(PermissionError):
    """A path a served tab may not use; its message says why, for the learner."""


@dataclass(frozen=True)
class Confinement:
    """``own``: the tab's folder; ``shared``: the class folder, None without one; ``hidden``:
    folders never read even inside the class folder (the other tabs' work and state folders,
    should the teacher name a class folder that holds them). All resolved."""

    own: Path
    shared: Path | None = None
    hidden: tuple[Path, ...] = ()

    def for_writing(self, path: Path) -> Path:
        """``path``, resolved, if a file may be written there; else PathRefused."""
        real = self._resolved(path)
        if _inside(real, self.own):
            return real
        if self.shared is not None and _inside(real, self.shared):
            raise PathRefused(f"{path}: the class folder is read-only; Save as keeps your copy in this tab's folder "
                              f"({self.own.name})")
        raise PathRefused(self._outside(path, real))

    def for_reading(self, path: Path) -> Path:
        """``path``, resolved, if it may be read (the tab's folder or the class folder); else PathRefused."""
        real = self._resolved(path)
        if self.may_read(real):
            return real
        raise PathRefused(self._outside(path, real))

    def may_read(self, path: Path) -> bool:
        real = self._resolved(path)
        if _inside(real, self.own):
            return True
        if any(_inside(real, folder) for folder in self.hidden):
            return False
        return self.shared is not None and _inside(real, self.shared)

    def _resolved(self, path: Path) -> Path:
        # Relative paths are the tab's (its working folder is ``own``, but say so rather than trust it).
        return Path(os.path.realpath(self.own / path.expanduser()))

    def _outside(self, path: Path, real: Path) -> str:
        where = f"this tab's folder ({self.own.name})" + (" or the class folder" if self.shared is not None else "")
        lexical = Path(os.path.normpath(self.own / path.expanduser()))
        if _inside(lexical, self.own) and not _inside(real, self.own):  # a link inside that leads out
            return f"{path} is a link that leads outside {where}: a browser tab's files stay there"
        return f"{path} is outside {where}: a browser tab's files stay there"


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


_CURRENT: list[Confinement] = []  # at most one: this process's, set once by a served tab's start


def confine(own: Path, shared: Path | None = None, hidden: tuple[Path, ...] = ()) -> Confinement:
    """From now on this process's files stay in ``own`` (and read ``shared``, but nothing in ``hidden``)."""
    made = Confinement(Path(os.path.realpath(own)), Path(os.path.realpath(shared)) if shared is not None else None,
                       tuple(Path(os.path.realpath(folder)) for folder in hidden))
    _CURRENT[:] = [made]
    return made


def release() -> None:
    """Back to a terminal's freedom (the tests' fixtures end with it)."""
    _CURRENT.clear()


def confined() -> Confinement | None:
    return _CURRENT[0] if _CURRENT else None


def writable(path: Path) -> Path:
    """Where to write ``path``: itself in a terminal; in a served tab, checked (PathRefused)."""
    confinement = confined()
    return path if confinement is None else confinement.for_writing(path)


def readable(path: Path) -> Path:
    """Where to read ``path``: itself in a terminal; in a served tab, checked (PathRefused)."""
    confinement = confined()
    return path if confinement is None else confinement.for_reading(path)


def listable(folder: Path) -> bool:
    """Whether the picker may list ``folder``'s files (always, in a terminal)."""
    confinement = confined()
    return confinement is None or confinement.may_read(folder)
