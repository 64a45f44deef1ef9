"""Standard output that cannot be written ends a command with exit status 3, not a traceback.

``nnwb run >&-`` (stdout closed), ``nnwb check ... >/dev/full`` (a full disk) and
``nnwb lessons | head -c 10`` (a reader that stops early) all fail at a write deep inside
json or argparse. Inside ``guarded_stdout`` every write to ``sys.stdout`` that fails raises
``OutputFailed``, which nothing on the way catches (argparse swallows an OSError from its
help), and the guard turns it into one line on stderr and ``WRITE_FAILED``. A broken pipe
is said in no line: the reader closed it on purpose, as ``head`` does (the Unix way).
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO, cast

WRITE_FAILED = 3


class OutputFailed(Exception):
    """Standard output did not take a write: its OSError, or None when it is closed.

    Not an OSError, so that handlers of a file's errors on the way do not take it for theirs."""

    def __init__(self, error: OSError | None) -> None:
        self.error = error
        super().__init__("standard output is closed" if error is None else (error.strerror or str(error)))


class _GuardedStdout:
    """``sys.stdout`` whose failed writes raise OutputFailed; anything else is the real one's."""

    def __init__(self, real: TextIO | None) -> None:
        self._real = real

    def write(self, text: str) -> int:
        try:
            return self._stream().write(text)
        except OSError as error:
            raise OutputFailed(error) from None

    def flush(self) -> None:
        if self._real is None:  # closed, and nothing was written to it
            return
        try:
            self._real.flush()
        except OSError as error:
            raise OutputFailed(error) from None

    def isatty(self) -> bool:
        return self._real is not None and self._real.isatty()

    def __getattr__(self, name: str) -> Any:  # fileno, encoding, buffer...: the real stream's
        return getattr(self._stream(), name)

    def _stream(self) -> TextIO:
        if self._real is None:  # Python sets sys.stdout to None when file descriptor 1 is closed
            raise OutputFailed(None)
        return self._real


@contextmanager
def guarded_stdout(command: str) -> Iterator[None]:
    """Run the block with a guarded ``sys.stdout``: if it cannot be written, say so on stderr
    (prefixed with ``command``) and exit WRITE_FAILED; what was written so far stays written."""
    real = sys.stdout
    guarded = _GuardedStdout(real)
    sys.stdout = cast(TextIO, guarded)
    try:
        try:
            yield
        finally:
            guarded.flush()  # what is still buffered fails here, inside the guard, not at exit
    except OutputFailed as failed:
        _discard(real)
        if failed.error is None or failed.error.errno != errno.EPIPE:
            _say(f"{command}: could not write to standard output: {failed}")
        raise SystemExit(WRITE_FAILED) from None
    finally:
        sys.stdout = real


def _discard(stream: TextIO | None) -> None:
    """Point the stream's file descriptor at /dev/null, so that Python's own flush at exit
    drops what is left in its buffer instead of failing again (a traceback, exit status 120)."""
    try:
        if stream is None:
            return
        descriptor = stream.fileno()
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, descriptor)
        os.close(null)
    except (OSError, ValueError):  # no descriptor (a test's capture): nothing is flushed at exit
        pass


def _say(line: str) -> None:
    """The line on stderr if stderr can take it; else nothing (stderr closed or full too)."""
    if sys.stderr is None:  # print(file=None) would fall back to stdout
        return
    try:
        print(line, file=sys.stderr, flush=True)
    except (OSError, ValueError):
        _discard(sys.stderr)
