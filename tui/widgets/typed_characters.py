"""Which typed characters may go into a cell's text, and how to name one that may not.

A number is written in ASCII (engine.arrays.parse_number takes nothing else), and every
printable ASCII character is one terminal cell wide. Anything else is refused at the key,
before it is drawn: an emoji with a skin-tone modifier (👍🏽), a variation selector (❤️), a
zero-width joiner or a combining mark is drawn by the terminal at a width that rich
measures otherwise (🏽 and U+FE0F measure 0), which shifted the rest of the row and left
pieces of it on screen until the next resize.
"""

from __future__ import annotations

import unicodedata

from rich.cells import cell_len

HOW = 'type digits, ".", "-", "e"'

# Categories whose single characters a terminal and rich both draw at rich's width; marks
# (M*), format characters (Cf), modifiers (Sk, Lm) and separators are not named by
# themselves, only by their code point.
_DRAWN = {"Lu", "Ll", "Lt", "Lo", "Nd", "Nl", "No", "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "So"}
_EMOJI_MODIFIERS = range(0x1F3FB, 0x1F400)  # the skin tones: drawn alone, or merged into the emoji before


def allowed(text: str) -> bool:
    """Text that may go into a cell: printable ASCII only."""
    return text.isascii() and text.isprintable()


def name(character: str) -> str:
    """``"👍" (U+1F44D)``, or only ``U+FE0F`` for a character that must not be drawn alone."""
    code = f"U+{ord(character):04X}"
    drawn = (
        unicodedata.category(character) in _DRAWN
        and ord(character) not in _EMOJI_MODIFIERS
        and cell_len(character) in (1, 2)
    )
    return f'"{character}" ({code})' if drawn else code


def refusal(text: str) -> str:
    """Why ``text`` (a key, or a paste) cannot go into a cell: its first character that may not."""
    character = next(c for c in text if not allowed(c))
    return f"{name(character)} is not part of a number: {HOW}"
