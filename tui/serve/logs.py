"""The server's log: one line a thing, on stderr.

textual-serve logs through Rich with tracebacks and their locals: a page that sent garbage
printed a hundred lines, and when the process ran out of file descriptors, Rich's handler could
not import its traceback module and the error that followed stopped the server. This handler
needs nothing it has not loaded already, and says an error in one line.
"""

from __future__ import annotations

import logging
import sys

OUT_OF_DESCRIPTORS = "out of system resource"  # asyncio's words when accept() fails with EMFILE


class OneLine(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            message = f"{message}: {type(error).__name__}: {error}"
        return " ".join(message.split("\n"))


class OnceOutOfDescriptors(logging.Filter):
    """asyncio says so on each retry of accept() (every second while it lasts): once is enough."""

    def __init__(self) -> None:
        super().__init__()
        self.said = False

    def filter(self, record: logging.LogRecord) -> bool:
        if OUT_OF_DESCRIPTORS not in str(record.msg):
            return True
        if self.said:
            return False
        self.said = True
        record.msg = ("nnwb serve: out of file descriptors: new connections wait until some close "
                      "(said once)")
        record.args, record.exc_info = None, None
        return True


def initialize_logging(debug: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(OneLine())
    handler.addFilter(OnceOutOfDescriptors())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if debug else logging.INFO)
