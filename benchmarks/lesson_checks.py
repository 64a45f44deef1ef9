"""How long a lesson's checks take per edit: the issue's budget is 5 ms.

The app evaluates every task of the open lesson after each change, on the document's
trace (which the panels need anyway). Two figures per lesson, medians over many edits:

* **checks**: every task's checks on a trace already computed (what the lesson adds to
  an edit);
* **edit + trace + checks**: one cell edit through ``Document.set_cell``, the new trace,
  and every check (the whole path of an edit, for scale).

Measured on the default network (``two-layers``, every lesson's checks, most of which then
fail, which is their usual state) and on each lesson's own starting state (the spiral's
300 samples, the 10-32-32-32-2 network).

    python benchmarks/lesson_checks.py [--edits 2000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine import DEFAULT_PRESET
from tui.document.state import Document, StepPosition
from tui.lessons import Lesson, LessonContext, builtin_lessons, command_event, evaluate, stage_event

EVENTS = frozenset({stage_event(StepPosition(0, 2)), command_event("step"), command_event("fix")})


def measure(lesson: Lesson, document: Document, edits: int) -> tuple[float, float]:
    """(checks only, edit + trace + checks), median milliseconds per edit."""
    matrix, row, column = ("inputs", 0, 0)
    original = float(document.inputs[row, column])
    checks, whole = [], []
    for number in range(edits):
        value = repr(original + (number % 2))  # alternate, so every edit changes the trace
        started = time.perf_counter()
        document.set_cell(matrix, row, column, value)
        context = LessonContext.of(document, EVENTS)  # computes the new trace
        traced = time.perf_counter()
        for task in lesson.tasks:
            evaluate(task, context)
        done = time.perf_counter()
        checks.append(done - traced)
        whole.append(done - started)
    return statistics.median(checks) * 1e3, statistics.median(whole) * 1e3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--edits", type=int, default=2000)
    args = parser.parse_args()
    print(f"{'lesson':<18} {'tasks':>5} {'checks':>6} | {'default network (ms)':^24} | {'lesson start (ms)':^24}")
    print(f"{'':<18} {'':>5} {'':>6} | {'checks':>10} {'edit+all':>12} | {'checks':>10} {'edit+all':>12}")
    worst = 0.0
    for lesson in builtin_lessons():
        count = sum(len(task.checks) for task in lesson.tasks)
        default = measure(lesson, Document.from_preset(DEFAULT_PRESET), args.edits)
        own = measure(lesson, lesson.start_document(), args.edits)
        worst = max(worst, default[0], own[0])
        print(f"{lesson.id:<18} {len(lesson.tasks):>5} {count:>6} | {default[0]:>10.4f} {default[1]:>12.4f} | "
              f"{own[0]:>10.4f} {own[1]:>12.4f}")
    print(f"slowest lesson's checks per edit: {worst:.4f} ms (budget 5 ms: {5 / worst:,.0f}x under)")


if __name__ == "__main__":
    main()
