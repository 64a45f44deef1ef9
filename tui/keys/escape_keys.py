"""Escape and the key typed right after it are read as those two keys.

A terminal sends Escape as the byte ESC, and Alt+5 as ESC then 5: the two cannot be told
apart, and Textual reads ESC and a key that arrive in one read as one key: ESC 5 as "∞"
(the character WezTerm on macOS sends for Option+5), ESC Enter as Enter, ESC . as ".".
Typed fast (tmux send-keys, a paste of keys, a quick typist) that lost the Escape and
changed what the keys meant: ``5 Escape Enter`` committed the 5 that Escape gave up, and
``? Escape 5`` left the help open and the 5 lost. No key here is bound with Alt, so ESC
and a key are read as Escape then that key.

The exceptions are Textual's own conventions for Alt with editing keys, which the file
dialog's input uses: ESC b and ESC f (a word left, right: Option+arrows on macOS), ESC
Backspace (delete a word), ESC Tab (Shift+Tab on some terminals). ESC [ and ESC O begin
the sequences of the arrows and function keys.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual import events
from textual._ansi_sequences import ANSI_SEQUENCES_KEYS
from textual._xterm_parser import XTermParser

ESC = "\x1b"
SEQUENCE_STARTS = "[O" + ESC


def _is_escape_then_key(sequence: str) -> bool:
    if len(sequence) != 2 or sequence[0] != ESC or sequence[1] in SEQUENCE_STARTS:
        return False
    known = ANSI_SEQUENCES_KEYS.get(sequence)
    return known is None or isinstance(known, str)  # not one of Textual's Alt editing keys


def read_escape_then_key() -> None:
    """Make Textual's terminal parser read ESC and a key as Escape, then the key (once)."""
    original = XTermParser._sequence_to_key_events
    if getattr(original, "escape_then_key", False):
        return

    def sequence_to_key_events(self: XTermParser, sequence: str, alt: bool = False) -> Iterable[events.Key]:
        if _is_escape_then_key(sequence):
            yield events.Key("escape", ESC)
            yield from original(self, sequence[1])
            return
        yield from original(self, sequence, alt)

    sequence_to_key_events.escape_then_key = True  # type: ignore[attr-defined]
    XTermParser._sequence_to_key_events = sequence_to_key_events  # type: ignore[method-assign]
