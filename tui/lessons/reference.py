"""The parts of LESSONS.md (the teacher's reference) that are read from the code, so they
cannot drift from it: each check kind's keys, the matrices, stages, shape-error operations,
command names and presets.

LESSONS.md marks each such part ``<!-- generated: NAME -->`` ... ``<!-- end generated -->``;
``python -m tui.lessons.reference [LESSONS.md]`` rewrites them all, and a test
(tests.lessons.test_lessons_reference) fails when the file is not as this writes it, or
when a check kind has no section of its own.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from tui.lessons.checks import KINDS
from tui.lessons.state_checks import MATRICES, OPERATIONS
from tui.lessons.vocabulary import EXPECTED, Key
from tui.lessons.workbench_checks import CURSOR_MATRICES, STAGE_NAMES

BLOCK = re.compile(r"(<!-- generated: ([^>]+?) -->\n)(.*?)(<!-- end generated -->)", re.DOTALL)
# Commands made one per lesson and per preset: named by their pattern, not one by one.
PATTERN_PREFIXES = {"lesson_": "lesson_NAME", "preset_": "preset_NAME"}
# What a key that takes any string must name.
TEXT_NOTES = {"command": "a command's name (Commands, below)"}


def _code(values: tuple[str, ...] | list[str]) -> str:
    return ", ".join(f"`{value}`" for value in values)


def _takes(name: str, key: Key) -> str:
    if key.choices:
        return "one of " + _code(key.choices)
    if key.kind == "text" and name in TEXT_NOTES:
        return TEXT_NOTES[name]
    return EXPECTED[key.kind][0]


def keys_table(kind: str) -> str:
    """The keys a check of ``kind`` takes: what each takes, and whether it must be there."""
    cls = KINDS[kind]
    graded = "a workbench check: `nnwb check` does not grade it" if cls.event else "graded from a session file too"
    if not cls.KEYS:
        return f"No keys but `check = \"{kind}\"`; {graded}.\n"
    rows = ["| key | takes | |", "|---|---|---|"]
    for name, key in cls.KEYS.items():
        rows.append(f"| `{name}` | {_takes(name, key)} | {'required' if key.required else 'optional'} |")
    return "\n".join(rows) + f"\n\n`check = \"{kind}\"`; {graded}.\n"


def kinds_list() -> str:
    state = [kind for kind, cls in KINDS.items() if not cls.event]
    workbench = [kind for kind, cls in KINDS.items() if cls.event]
    return f"- graded from a session file: {_code(state)}\n- done in the workbench: {_code(workbench)}\n"


def commands_table() -> str:
    from tui.commands import COMMANDS, keys_text

    rows = ["| command | keys | where | what it does |", "|---|---|---|---|"]
    patterns: dict[str, str] = {}
    for command in COMMANDS:
        prefix = next((p for p in PATTERN_PREFIXES if command.name.startswith(p)), None)
        if prefix is not None:
            patterns.setdefault(prefix, command.name)
            continue
        keys = f"`{keys_text(command)}`" if command.keys else "(palette)"
        rows.append(f"| `{command.name}` | {keys} | {command.section} | {command.help.replace('|', '/')} |")
    for prefix, example in patterns.items():
        rows.append(f"| `{PATTERN_PREFIXES[prefix]}` | (palette) | | opens one {prefix[:-1]} by its name, e.g. `{example}` |")
    return "\n".join(rows) + "\n"


def presets_list() -> str:
    from engine import PRESETS

    return "\n".join(f"- `{name}`: {preset.title}" for name, preset in PRESETS.items()) + "\n"


def block(name: str) -> str:
    """The text of the generated part ``name``; KeyError for a name this does not make."""
    kind, _, argument = name.partition(" ")
    if kind == "keys":
        return keys_table(argument)
    makers = {
        "kinds": kinds_list,
        "matrices": lambda: f"{_code(MATRICES)}\n",
        "cursor matrices": lambda: f"{_code(CURSOR_MATRICES)}\n",
        "stages": lambda: f"{_code(STAGE_NAMES)}\n",
        "operations": lambda: f"{_code(OPERATIONS)}\n",
        "commands": commands_table,
        "presets": presets_list,
    }
    return makers[name]()


def rewrite(text: str) -> str:
    """``text`` with every generated part as this module makes it now."""
    return BLOCK.sub(lambda found: found.group(1) + block(found.group(2)) + found.group(4), text)


def generated_names(text: str) -> list[str]:
    return [found.group(2) for found in BLOCK.finditer(text)]


def main(argv: list[str]) -> int:
    path = Path(argv[0] if argv else "LESSONS.md")
    text = path.read_text(encoding="utf-8")
    new = rewrite(text)
    if new != text:
        path.write_text(new, encoding="utf-8")
        print(f"{path}: rewritten")
    missing = [kind for kind in KINDS if f"keys {kind}" not in generated_names(new)]
    if missing:
        print(f"{path}: no section for {', '.join(missing)}: add one with <!-- generated: keys KIND --> "
              "<!-- end generated --> in it, then run this again", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
