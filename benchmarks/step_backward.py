"""Step mode's backward pass: one stage on (``n``) or back (``b``) until the screen shows it.

What is timed
-------------
The 784 → 128 → 10 network (ReLU, softmax) with a 64-sample batch, step mode at the loss.
Each timed key is ``n`` (or ``b`` on the way back) between two backward stages; the clock
starts when the key is handed to the driver, as a terminal's input thread does, and stops at
the first frame after which every screen row between the header and the footer equals the
reference captured, untimed and settled, for that stage (the frames are encoded as the real
driver encodes them and read back by edit_latency's small terminal emulator). The first
backward stage also computes the backward pass (``Document.backward``, cached per edit);
every stage redraws every panel.

The figure also given: the first frame with every number of the stage on screen, all rows
but the scroll bars' thumbs equal (Textual moves a thumb a frame after its grid changes size).

The machine may be shared: a fresh app per round, figures are medians over all rounds.
Not a test: nothing here asserts.

    python benchmarks/step_backward.py [--rounds 5] [--passes 4] [--size 120x40]
"""

from __future__ import annotations

import os

os.environ.setdefault("TEXTUAL_COLOR_SYSTEM", "truecolor")

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.edit_latency import (  # noqa: E402
    FrameTap,
    body_rows,
    environment,
    mnist_sized_document,
    settle,
    summary,
)
from tui.app.workbench import WorkbenchApp  # noqa: E402

TARGET_MS = 50.0
# Scroll bars' thumbs: Textual moves them a frame after a grid's size changes.
THUMBS = str.maketrans({c: " " for c in "▁▂▃▄▅▆▇█▉▊▋▌▍▎▏▔▕"})


class NumbersTap(FrameTap):
    """Also notes the first frame whose rows equal the reference but for the scroll bars'
    thumbs: when the stage's numbers are all on screen."""

    def __init__(self, app: WorkbenchApp, width: int, height: int) -> None:
        super().__init__(app, width, height)
        self.numbers_at: float | None = None

    def _display(self, screen, renderable) -> None:  # type: ignore[no-untyped-def]
        super()._display(screen, renderable)
        watch = self.watch
        if watch is None or self.numbers_at is not None or not watch.frames:
            return
        line = self.terminal.line
        if all(line(y).translate(THUMBS) == text.translate(THUMBS) for y, text in watch.expected.items()):
            self.numbers_at = watch.frames[-1]


async def one_round(passes: int, size: tuple[int, int], forward: list[float], back: list[float],
                    renders: list[float], numbers: list[float], stages: list[str]) -> bool:
    """One fresh app: the references, then ``passes`` timed walks to dX and back. False on a miss."""
    app = WorkbenchApp(document=mnist_sized_document())
    app.start_autosave = lambda: None  # type: ignore[method-assign]  # its writes are edit_latency's subject
    tap = NumbersTap(app, *size)
    faithful = True
    original_render = app.render_document

    def timed_render() -> None:
        start = time.perf_counter()
        original_render()
        renders.append((time.perf_counter() - start) * 1e3)

    app.render_document = timed_render  # type: ignore[method-assign]
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot, tap)
        await pilot.press("s", *"n" * (4 * len(app.document.network)))  # to the loss
        await settle(app, pilot, tap)
        assert app.document.step is not None and app.document.step.stage_name == "loss", app.sub_title
        # The explain panel's bottom border says "↓ more" once its text has been laid out, a
        # beat after the rest: not the stage's drawing, so that row is not waited for.
        explain = app.query_one("#explain").region
        rows = [y for y in body_rows(app) if y != explain.bottom - 1]
        walk = [p for p in app.document.walk() if p.backward]
        screens = [{y: tap.terminal.line(y) for y in rows}]
        for _ in walk[1:]:
            await pilot.press("n")
            await settle(app, pilot, tap)
            screens.append({y: tap.terminal.line(y) for y in rows})
        stages[:] = [f"layer {p.layer + 1}: {p.stage_name}" for p in walk]
        for _ in range(len(walk) - 1):
            await pilot.press("b")
        await settle(app, pilot, tap)
        renders.clear()
        for _ in range(passes):
            for expected in screens[1:]:
                tap.numbers_at = None
                watch = await tap.timed_key("n", "n", expected)
                faithful &= watch.matched is not None
                if watch.matched is not None:
                    forward.append((watch.matched - watch.started) * 1e3)
                if tap.numbers_at is not None:
                    numbers.append((tap.numbers_at - watch.started) * 1e3)
                await settle(app, pilot, tap)
            for expected in reversed(screens[:-1]):
                watch = await tap.timed_key("b", "b", expected)
                faithful &= watch.matched is not None
                if watch.matched is not None:
                    back.append((watch.matched - watch.started) * 1e3)
                await settle(app, pilot, tap)
    return faithful


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--passes", type=int, default=4, help="timed walks to dX and back per round")
    parser.add_argument("--size", default="120x40")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    # The app's autosave and crash marker go to a folder of the benchmark's own.
    state = tempfile.mkdtemp(prefix="nnwb-bench-")
    os.environ["HOME"] = os.environ["XDG_STATE_HOME"] = state
    print(f"environment: {environment()}")
    print(f"terminal {width}x{height}, 784 → 128 → 10 on 64 samples, {args.rounds} rounds x {args.passes} passes")
    forward: list[float] = []
    back: list[float] = []
    renders: list[float] = []
    numbers: list[float] = []
    stages: list[str] = []
    misses = 0
    for _ in range(args.rounds):
        round_renders: list[float] = []
        misses += not asyncio.run(one_round(args.passes, (width, height), forward, back, round_renders, numbers, stages))
        renders += round_renders
    print(f"backward stages walked: {', '.join(stages)}")
    print("one backward stage -> every panel shows it (key to frame):")
    verdict = "met" if forward and statistics.median(forward) < TARGET_MS else "MISSED"
    print(f"  n  {summary(forward)}   target < {TARGET_MS:.0f} ms: {verdict}")
    print(f"  b  {summary(back)}")
    print(f"  n, every number on screen (the scroll bars' thumbs a frame later): {summary(numbers)}")
    print(f"  of which the app's render_document (every panel from the document): {summary(renders)}")
    if misses:
        print(f"  {misses} round(s) had a key whose screen never matched in time", file=sys.stderr)


if __name__ == "__main__":
    main()
