"""Undo and redo, bounded in steps and in bytes.

A record holds only what an edit replaced (a cell's old value, a layer's old arrays, a
row of inputs, a whole document for a preset load). Undoing a record swaps its contents
with the document's current ones, which gives the record that redoes it, and the reverse:
so undo and redo are the same operation and cost the same memory.

When keeping a new step would pass either bound, the oldest steps are dropped, and the
history says so when the user reaches its end.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, Protocol, TypeVar

UNDO_BYTES = 256 * 2**20
UNDO_STEPS = 1_000


class Sized(Protocol):
    @property
    def nbytes(self) -> int: ...


R = TypeVar("R", bound=Sized)


class History(Generic[R]):
    def __init__(self, max_bytes: int = UNDO_BYTES, max_steps: int = UNDO_STEPS) -> None:
        self.max_bytes = max_bytes
        self.max_steps = max_steps
        self._undo: list[R] = []
        self._redo: list[R] = []
        self._bytes = 0
        self.dropped_for_bytes = 0
        self.dropped_for_steps = 0

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    @property
    def nbytes(self) -> int:
        """What undo and redo keep together."""
        return self._bytes

    @property
    def steps(self) -> int:
        return len(self._undo)

    def push(self, record: R) -> None:
        """A new edit's record: what it replaced. A new edit ends the redo line."""
        self._bytes -= sum(r.nbytes for r in self._redo)
        self._redo.clear()
        self._undo.append(record)
        self._bytes += record.nbytes
        self._trim()

    def undo(self, swap: Callable[[R], R]) -> bool:
        """Swap the newest record into the document; what it replaced becomes the redo."""
        return self._move(self._undo, self._redo, swap)

    def redo(self, swap: Callable[[R], R]) -> bool:
        return self._move(self._redo, self._undo, swap)

    def _move(self, source: list[R], target: list[R], swap: Callable[[R], R]) -> bool:
        if not source:
            return False
        record = source.pop()
        self._bytes -= record.nbytes
        back = swap(record)
        target.append(back)
        self._bytes += back.nbytes
        self._trim()
        return True

    def _trim(self) -> None:
        # The newest step is always kept, so the last edit can be undone whatever it cost.
        while len(self._undo) > self.max_steps:
            self._bytes -= self._undo.pop(0).nbytes
            self.dropped_for_steps += 1
        while self._bytes > self.max_bytes and len(self._undo) > 1:
            self._bytes -= self._undo.pop(0).nbytes
            self.dropped_for_bytes += 1
        while self._bytes > self.max_bytes and len(self._redo) > 1:
            self._bytes -= self._redo.pop(0).nbytes  # the farthest redo goes first

    def bounds_text(self) -> str:
        return f"the last {self.max_steps:,} steps, up to {_megabytes(self.max_bytes)}"

    def empty_note(self, what: str = "undo") -> str:
        """What to tell the user when there is nothing (more) to undo or redo."""
        if what == "redo":
            return "Nothing to redo: redo brings back what undo took away, until the next edit."
        note = f"Nothing more to undo: the history keeps {self.bounds_text()}."
        dropped = []
        if self.dropped_for_bytes:
            dropped.append(
                f"the oldest {_steps(self.dropped_for_bytes)} dropped to stay within {_megabytes(self.max_bytes)}"
            )
        if self.dropped_for_steps:
            dropped.append(f"{_steps(self.dropped_for_steps)} dropped to keep the last {self.max_steps:,}")
        if dropped:
            text = "; ".join(dropped)
            note += " " + text[0].upper() + text[1:] + "."
        return note


def _steps(count: int) -> str:
    return f"{count:,} step{'s were' if count != 1 else ' was'}"


def _megabytes(count: int) -> str:
    return f"{count / 2**20:g} MB"
