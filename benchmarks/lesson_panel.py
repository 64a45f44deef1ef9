"""What an open lesson adds to every edit in the workbench, measured headless.

After every change the app redraws its panels from the document's trace
(``WorkbenchApp.render_document``) and then asks the open lesson's tasks
(``show_lesson``: every open task's checks on that trace, and the lesson panel). For each
lesson of the built-in course, on its starting state in a running app at 120x40:

* **lesson**: ``show_lesson()`` alone, after an edit of one input (the trace is computed
  first, untimed, as ``render_document`` computes it before the lesson is asked);
* **redraw with / without**: the whole ``render_document()`` after the same edit, with the
  lesson open and with it closed (the same document).

Every task is asked each time (the ticks are cleared, as at a lesson's start). Medians over
``--edits`` edits. The state folder is a temporary one: the learner's progress is untouched.

    python benchmarks/lesson_panel.py [--edits 40]
"""

from __future__ import annotations

import os
import tempfile

os.environ["XDG_STATE_HOME"] = tempfile.mkdtemp(prefix="nnwb-bench-")  # before nnwb reads it
os.environ["HOME"] = os.environ["XDG_STATE_HOME"]

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui.app.workbench import WorkbenchApp  # noqa: E402
from tui.lessons import builtin_lessons  # noqa: E402


def ms(seconds: list[float]) -> str:
    return f"{statistics.median(seconds) * 1000:6.2f}"


async def measure(lesson_index: int, edits: int) -> tuple[str, int, list[float], list[float], list[float]]:
    lesson = builtin_lessons()[lesson_index]
    app = WorkbenchApp(lesson=lesson)
    asked, with_lesson, without = [], [], []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        doc = app.document
        original = float(doc.inputs[0, 0])
        for edit in range(edits):
            doc.set_cell("inputs", 0, 0, repr(original + (edit % 2) * 0.5))
            _ = doc.trace  # computed as render_document computes it, before the lesson is asked
            assert app.lesson is not None
            app.lesson.done.clear()
            started = time.perf_counter()
            app.show_lesson()
            asked.append(time.perf_counter() - started)
        open_lesson = app.lesson
        for edit in range(2 * edits):
            app.lesson = open_lesson if edit % 2 == 0 else None
            if open_lesson is not None:
                open_lesson.done.clear()
            doc.set_cell("inputs", 0, 0, repr(original + (edit % 3) * 0.5))
            started = time.perf_counter()
            app.render_document()
            (with_lesson if edit % 2 == 0 else without).append(time.perf_counter() - started)
            await pilot.pause()
        app.lesson = open_lesson
        tasks = len(lesson.tasks)
    return lesson.id, tasks, asked, with_lesson, without


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--edits", type=int, default=40)
    args = parser.parse_args()
    print(f"{'lesson':<18} tasks  lesson ms  redraw with  without  (medians of {args.edits} edits)")
    lesson_times = []
    for index in range(len(builtin_lessons())):
        lesson_id, tasks, asked, with_lesson, without = await measure(index, args.edits)
        lesson_times.append(statistics.median(asked))
        print(f"{lesson_id:<18} {tasks:>5}  {ms(asked)}     {ms(with_lesson)}     {ms(without)}")
    print(f"slowest lesson: {max(lesson_times) * 1000:.2f} ms per edit (target: under 5 ms)")


if __name__ == "__main__":
    asyncio.run(main())
