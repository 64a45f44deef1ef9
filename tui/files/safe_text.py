"""Text from a file (a lesson, a session file, a file's name), made safe to show or print.

A file is written by someone else: a student's hand-in, a lesson from the web. Its text
reaches a teacher's terminal through ``nnwb check`` in a grading loop, the workbench's
notices and panels, a crash report. A control character in it is an instruction to that
terminal (ESC ] 0 ; ... BEL sets the window's title, ESC [ 2 J blanks the screen), a
lone surrogate stops ``print`` with UnicodeEncodeError, and a bidi override shows text
in another order than it is. Each is written as the escape Python would write for it
(``\\x1b``, ``\\udcff``, ``\\u202e``), so the reader sees that it is there and nothing is
done with it. A value quoted in a message is also cut: a 5 MB name in an error is
a frozen screen, not a better message.
"""

from __future__ import annotations

import re

QUOTE_LIMIT = 80  # characters of a file's value that a message quotes

# C0 and C1 controls, DEL, lone surrogates, line and paragraph separators, and the
# characters that reorder text (bidi embeddings, overrides, isolates and marks).
_REORDERING = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_ONE_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029{_REORDERING}]")
_LINES = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029{_REORDERING}]")  # keeps \t and \n


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe_text(text: str, limit: int | None = None, lines: bool = False) -> str:
    """``text`` with every control character written as its escape; ``lines`` keeps newlines
    and tabs (a lesson's paragraphs). With ``limit``, at most that many of its characters,
    then how many more there were: ``abc… (5,000,000 more characters)``."""
    more = ""
    if limit is not None and len(text) > limit:
        more = f"… ({len(text) - limit:,} more characters)"
        text = text[:limit]
    return (_LINES if lines else _ONE_LINE).sub(_escaped, text) + more


def quoted(value: str, limit: int = QUOTE_LIMIT) -> str:
    """A file's value in a message: in double quotes, escaped and cut (``"sigmoid\\x1b[2J"``)."""
    return f'"{safe_text(value, limit)}"'
