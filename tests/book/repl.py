"""Run a chapter's statements as a Python REPL (or a notebook cell) runs them, and print what it shows.

``python tests/book/repl.py INPUT [CLASSES]`` reads INPUT (a chapter's statements with a
``from engine.book import *`` line: nnwb's own, tests/book/repl/chNN.py, or the book's
own, ``repl_chapters.chapter_input``) and puts CLASSES (Python source: the star import with
chapter 17's difference, or the book's own classes) in that line's place; without CLASSES it
runs INPUT as it is (a script of tests/book/chapters).
Each top-level statement is compiled in ``"single"`` mode, as the interactive interpreter
compiles what is typed at ``>>>``: an expression statement's value, when it is not None, is
echoed through ``sys.displayhook``, also inside a ``for`` loop's body; an exception is shown
by its last line (the traceback's file names would differ between the two sides), and the
next statement runs, as in a REPL.

One process a chapter: ``nnfs.init()`` patches NumPy for the whole process.
"""

from __future__ import annotations

import ast
import sys
import traceback

MARKER = "from engine.book import *"  # the line the book's classes go in place of

# What engine.book's side puts in place of the classes: the star import, and for chapter 17
# its one difference on purpose, ``weight_scale=0.1`` (the book's chapter 17 layer draws
# 0.1 * randn where every other chapter's draws 0.01 * randn).
ENGINE_CLASSES = "from engine.book import *\n"
ENGINE_EXTRA = {
    "ch17": (
        "class Layer_Dense(Layer_Dense):\n"
        "    def __init__(self, *args, **kwargs):\n"
        "        super().__init__(*args, weight_scale=0.1, **kwargs)\n"
    ),
}


def engine_classes(name: str) -> str:
    return ENGINE_CLASSES + ENGINE_EXTRA.get(name, "")


def session(source: str, classes: str) -> str:
    """The chapter's source with ``classes`` in place of the marker line."""
    head, marker, tail = source.partition(MARKER + "\n")
    if not marker:
        raise SystemExit(f"no {MARKER!r} line in the input")
    return head + classes + ("" if classes.endswith("\n") else "\n") + tail


def run(source: str, filename: str) -> None:
    namespace: dict[str, object] = {"__name__": "__main__", "__builtins__": __builtins__}
    for statement in ast.parse(source, filename).body:
        code = compile(ast.Interactive(body=[statement]), filename, "single", dont_inherit=True)
        try:
            exec(code, namespace)  # noqa: S102  (the REPL's own step)
        except Exception as error:  # noqa: BLE001  (a REPL shows it and goes on)
            sys.stdout.write(traceback.format_exception_only(type(error), error)[-1])


def main() -> None:
    input_path = sys.argv[1]
    with open(input_path) as file:
        source = file.read()
    run(source if len(sys.argv) < 3 else session(source, sys.argv[2]), input_path)


if __name__ == "__main__":
    main()
