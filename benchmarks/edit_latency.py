"""Edit-to-refresh latency and cursor/scroll cost of the workbench, measured headless.

What is timed
-------------
* **Edit**: the weights grid of layer 1 has focus, the cell editor is already open on
  W1[0, 0] with a value typed (untimed); the clock starts just before the commit key
  (Enter) is handed to the driver, the way a terminal driver hands over a key, and stops
  at the first frame after which *every panel* shows the new state: every screen row
  between the header and the footer (network, explain, inputs, weights, biases, outputs,
  final output, summary, errors) equals the reference captured, untimed and settled, for
  that value. The value alternates between +5 and -5 so that every edit changes every
  output.
* **Cursor / scroll step**: one key ("right"/"left", or "pagedown"/"right" in a scrolled
  784 x 128 grid) until the grid's rows on screen equal the settled reference.

"On screen" means what a terminal receives: every frame the app hands to its driver is
encoded exactly as the real driver encodes it (``CompositorUpdate.render_segments``, which
the headless driver skips) and fed to a small terminal emulator here; the stop conditions
read that emulator. Frames are paced by Textual's 60 fps update timer, as in a terminal.
Pilot.press is never timed (it waits ~60 ms for idle after every key).

The machine may be shared: scenarios take turns in rounds (a fresh app per scenario per
round) and the figures are medians over all rounds. Not a test: nothing here asserts.

    python benchmarks/edit_latency.py [--rounds 5] [--edits 40] [--steps 20] [--size 120x40]

The defaults (200 edits of each network) take ~5 minutes on a shared 2-core machine: the
app stays busy for 0.3-0.5 s after every edit (the footer and the scroll bars follow the
focus), and each edit waits for that before it is timed. ``--rounds 2 --edits 20`` gives a
first look in about a minute.
    python benchmarks/edit_latency.py --profile 784-128-10   # cProfile of those commits
"""

from __future__ import annotations

import os

# What most terminals announce; Textual otherwise picks a 16-colour encoding off a pipe.
os.environ.setdefault("TEXTUAL_COLOR_SYSTEM", "truecolor")

import argparse
import asyncio
import cProfile
import io
import platform
import pstats
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np
import textual
from rich.cells import get_character_cell_size
from rich.control import Control
from textual import events
from textual._compositor import CompositorUpdate
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.widgets import Footer, Header

from engine import Network
from tui.app.workbench import WorkbenchApp
from tui.document.state import Document
from tui.widgets.matrix_editor import MatrixEditor

EDIT_TARGETS_MS = {"default": 30.0, "784-128-10": 100.0}
VALUES = ("5", "-5")  # alternated: each commit changes W1[0, 0] and so every output
WAIT_S = 3.0  # a frame that never comes is reported, not waited for forever
SETTLED_EVERY = 8
FRAME_GAP_S = 0.02  # longer than one 60 fps frame period: a dirty screen gets painted


# ---------------------------------------------------------------------- terminal
_TOKEN = re.compile(
    r"\x1b\[(\d+);(\d+)H"  # cursor move: the only control that places text
    r"|\x1b\[[0-9;:?]*[A-Za-z]"  # SGR and other CSI: no text
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC (links)
    r"|\n"
    r"|[^\x1b\n]+"
)


class Terminal:
    """Just enough of a terminal to read back what the app wrote: characters, no colours."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.cells = [[" "] * width for _ in range(height)]

    def feed(self, data: str) -> None:
        x = y = 0
        cells, width, height = self.cells, self.width, self.height
        for match in _TOKEN.finditer(data):
            row_number = match.group(1)
            if row_number is not None:
                y, x = int(row_number) - 1, int(match.group(2)) - 1
                continue
            text = match.group(0)
            if text[0] == "\x1b":
                continue
            if text == "\n":
                y, x = y + 1, 0
                continue
            if not 0 <= y < height:
                continue
            row = cells[y]
            if text.isascii():
                end = min(width, x + len(text))
                row[x:end] = text[: end - x]
                x += len(text)
                continue
            for character in text:
                size = get_character_cell_size(character)
                if x + size > width:
                    break
                row[x] = character
                if size == 2:
                    row[x + 1] = ""
                x += size

    def line(self, y: int) -> str:
        return "".join(self.cells[y])

    def lines(self, top: int = 0, bottom: int | None = None) -> list[str]:
        return [self.line(y) for y in range(top, self.height if bottom is None else bottom)]


@dataclass
class Watch:
    """One timed key: when it was sent, every frame after it, and when the screen matched."""

    expected: dict[int, str]  # row -> text that row must show
    started: float
    frames: list[float] = field(default_factory=list)
    matched: float | None = None
    hook_seconds: float = 0.0  # emulator time spent inside frames before the match
    event: asyncio.Event = field(default_factory=asyncio.Event)


class FrameTap:
    """Wraps the app's display: encodes each frame as the real driver does, feeds the emulator."""

    def __init__(self, app: WorkbenchApp, width: int, height: int) -> None:
        self.app = app
        self.terminal = Terminal(width, height)
        self._original = app._display
        app._display = self._display  # type: ignore[method-assign]
        self.watch: Watch | None = None
        self.frames = 0

    def _display(self, screen, renderable) -> None:  # type: ignore[no-untyped-def]
        self._original(screen, renderable)
        app = self.app
        if renderable is None or app._batch_count or not isinstance(renderable, CompositorUpdate):
            return
        # What App._display sends to a real terminal (the headless driver skips this work).
        cursor = app.screen.outer_size.clamp_offset(app.cursor_position)
        data = renderable.render_segments(app.console) + Control.move_to(*cursor).segment.text
        shown = time.perf_counter()
        self.terminal.feed(data)
        self.frames += 1
        watch = self.watch
        if watch is None:
            return
        watch.frames.append(shown)
        if watch.matched is not None:
            return
        line = self.terminal.line
        if all(line(y) == text for y, text in watch.expected.items()):
            watch.matched = shown
            watch.event.set()
        else:
            watch.hook_seconds += time.perf_counter() - shown

    async def timed_key(
        self,
        key: str,
        character: str | None,
        expected: dict[int, str],
        before: Callable[[], None] | None = None,
    ) -> Watch:
        watch = Watch(expected, 0.0)
        self.watch = watch
        if before is not None:
            before()
        watch.started = time.perf_counter()
        send_key(self.app, key, character)
        try:
            await asyncio.wait_for(watch.event.wait(), WAIT_S)
        except TimeoutError:
            pass
        return watch


def send_key(app: WorkbenchApp, key: str, character: str | None) -> None:
    """As a terminal driver does from its input thread: process_message -> send_message."""
    assert app._driver is not None
    app._driver.process_message(events.Key(key, character))


async def type_text(app: WorkbenchApp, pilot: Pilot, text: str) -> None:
    for character in text:
        key = character if character.isalnum() else _character_to_key(character)
        send_key(app, key, character)
        await pilot._wait_for_screen()


async def settle(app: WorkbenchApp, pilot: Pilot, tap: FrameTap) -> None:
    """Wait until the app is quiet: queues handled, nothing dirty, and no frame for two checks.

    Two checks, because a footer that recomposes after a focus change paints a beat later.
    No idle-CPU wait (Pilot.pause's) is needed.
    """
    quiet = 0
    for _ in range(200):
        frames = tap.frames
        await pilot._wait_for_screen()
        await asyncio.sleep(FRAME_GAP_S)
        screen = app.screen
        busy = screen._dirty_widgets or screen._layout_required or screen._repaint_required or screen._scroll_required
        quiet = 0 if busy or tap.frames != frames else quiet + 1
        if quiet >= 2:
            return


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


# --------------------------------------------------------------------- documents
def default_document() -> Document:
    return Document.from_preset()


def mnist_sized_document() -> Document:
    np.random.seed(0)
    network = Network.from_sizes([784, 128, 10], activations=["relu", "softmax"])
    rng = np.random.default_rng(0)
    inputs = rng.random((64, 784))  # pixel-like values in [0, 1): every input is positive
    labels = rng.integers(0, 10, 64)
    return Document(network, inputs, labels)


SCENARIOS: dict[str, Callable[[], Document]] = {
    "default": default_document,
    "784-128-10": mnist_sized_document,
}


# ------------------------------------------------------------------- one session
@dataclass
class Results:
    edit_ms: list[float] = field(default_factory=list)
    settled_ms: list[float] = field(default_factory=list)  # last frame the commit caused
    render_ms: list[float] = field(default_factory=list)  # render_document() alone
    hook_ms: list[float] = field(default_factory=list)
    frames: list[int] = field(default_factory=list)
    steps: dict[str, list[float]] = field(default_factory=dict)
    visible: dict[str, str] = field(default_factory=dict)  # grid shape and cells in view, by step kind
    misses: int = 0
    emulator_faithful: bool = True
    autosave_ui_ms: list[float] = field(default_factory=list)  # UI thread: a tick that queued a write
    autosave_write_ms: list[float] = field(default_factory=list)  # the writer thread: one write, wall time


def time_autosave(app: WorkbenchApp, results: Results) -> None:
    """What autosave costs: the UI thread's part (a copy of the arrays, queued) and the writer's."""
    saver = app.autosaver
    tick, write = app.recovery.tick, saver._write

    def timed_tick() -> None:
        queued = saver._jobs.unfinished_tasks
        start = time.perf_counter()
        tick()
        if saver._jobs.unfinished_tasks > queued:
            results.autosave_ui_ms.append((time.perf_counter() - start) * 1e3)

    def timed_write(*args: object) -> None:
        start = time.perf_counter()
        write(*args)  # type: ignore[arg-type]
        results.autosave_write_ms.append((time.perf_counter() - start) * 1e3)

    app.recovery.tick = timed_tick  # type: ignore[method-assign]
    saver._write = timed_write  # type: ignore[method-assign]


def body_rows(app: WorkbenchApp) -> range:
    """Every row between the header and the footer: all the panels."""
    return range(
        app.screen.query_one(Header).region.bottom,
        app.screen.query_one(Footer).region.y,
    )


def emulator_agrees(app: WorkbenchApp, tap: FrameTap) -> bool:
    """What the emulator read from the frames equals the compositor's own full render."""
    expected = [strip.text for strip in app.screen._compositor.render_strips()]
    return [line.rstrip() for line in tap.terminal.lines()] == [line.rstrip() for line in expected]


STEP_REFERENCES: dict[tuple[str, tuple[int, int]], tuple[dict[int, str], list[dict[int, str]]]] = {}


async def session(
    name: str,
    edits: int,
    steps: int,
    size: tuple[int, int],
    results: Results,
    profiler: cProfile.Profile | None,
    autosave: bool = True,
) -> None:
    app = WorkbenchApp(document=SCENARIOS[name]())
    if not autosave:
        app.start_autosave = lambda: None  # type: ignore[method-assign]  # the app as it was before autosave
    else:
        time_autosave(app, results)
    tap = FrameTap(app, *size)
    render_times: list[float] = []
    original_render = app.render_document

    def timed_render() -> None:
        start = time.perf_counter()
        original_render()
        render_times.append(time.perf_counter() - start)

    app.render_document = timed_render  # type: ignore[method-assign]

    async with app.run_test(size=size) as pilot:
        weights = app.query_one("#weights", MatrixEditor)
        weights.focus()
        await settle(app, pilot, tap)
        rows = body_rows(app)

        async def open_editor(value: str) -> None:
            weights.move_cursor(0, 0)  # back to W1[0, 0]: Enter moved the cursor down a row
            await type_text(app, pilot, value)  # the first character opens the editor on W1[0, 0]
            await settle(app, pilot, tap)
            assert weights.editing and weights.edit_text == value, (weights.editing, weights.edit_text)

        # Reference screens, untimed and settled: one per value.
        reference: dict[str, dict[int, str]] = {}
        for value in VALUES:
            await open_editor(value)
            send_key(app, "enter", "\r")
            await settle(app, pilot, tap)
            assert not weights.editing and app.document.layer.dense.weights[0, 0] == float(value)
            reference[value] = {y: tap.terminal.line(y) for y in rows}
        results.emulator_faithful &= emulator_agrees(app, tap)
        for panel in ("#results", "#explain", "#z"):  # the stop condition must see these change
            region = app.query_one(panel).region
            if all(reference[VALUES[0]][y] == reference[VALUES[1]][y] for y in range(region.y, region.bottom)):
                print(f"  warning: {name}: {panel} shows the same for both values", file=sys.stderr)

        for index in range(edits):
            value = VALUES[index % 2]
            await open_editor(value)
            before = len(render_times)
            if profiler is not None:
                profiler.enable()
            watch = await tap.timed_key("enter", "\r", reference[value])
            if profiler is not None:
                profiler.disable()
            # The app keeps working after the values are shown (the footer follows the focus
            # back to the grid). Waiting for that after every edit doubles the run time, and
            # the next edit's preparation settles anyway before its commit is timed; so the
            # time to the commit's last frame is sampled on every SETTLED_EVERY-th edit.
            sampled = index % SETTLED_EVERY == 0
            if sampled or watch.matched is None:
                await settle(app, pilot, tap)
            if watch.matched is None:
                results.misses += 1
                continue
            results.edit_ms.append((watch.matched - watch.started) * 1e3)
            results.hook_ms.append(watch.hook_seconds * 1e3)
            if sampled:
                results.settled_ms.append((watch.frames[-1] - watch.started) * 1e3)
                results.frames.append(len(watch.frames))
            results.render_ms.extend(t * 1e3 for t in render_times[before:])

        # Cursor and scroll steps in the weights grid: the 4x3 grid has nothing to scroll, so
        # its cursor goes right and left; the 784x128 one scrolls at every step.
        if name == "default":
            label, start, keys = (
                "cursor right/left",
                (0, 0),
                ["right", "left"] * (steps // 2),
            )
        else:
            label, start, keys = (
                "scroll pagedown/right",
                (0, 30),
                ["pagedown", "right"] * (steps // 2),
            )
        grid_lines = range(weights.region.y, weights.region.bottom)
        visible_rows = min(weights.rows, weights.visible_rows)
        visible_columns = min(weights.columns, (weights.scrollable_content_region.width - weights._gutter_width) // weights.cw)
        results.visible[label] = f"{weights.rows}x{weights.columns}, {visible_rows}x{visible_columns} in view"

        async def to_start() -> dict[int, str]:
            weights.move_cursor(0, 0)
            await settle(app, pilot, tap)
            weights.move_cursor(*start)  # from (0, 0), so the scroll offset is the same every time
            await settle(app, pilot, tap)
            return {y: tap.terminal.line(y) for y in grid_lines}

        start_screen = await to_start()
        cached = STEP_REFERENCES.get((name, size))
        if cached is None or cached[0] != start_screen:
            expected: list[dict[int, str]] = []
            for key in keys:  # reference pass, untimed; the same for every round
                send_key(app, key, None)
                await settle(app, pilot, tap)
                expected.append({y: tap.terminal.line(y) for y in grid_lines})
            STEP_REFERENCES[(name, size)] = (start_screen, expected)
            if await to_start() != start_screen:
                print(
                    f"  warning: {name} {label}: the start screen differs after a reset",
                    file=sys.stderr,
                )
        for key, screen in zip(keys, STEP_REFERENCES[(name, size)][1]):
            watch = await tap.timed_key(key, None, screen)
            await settle(app, pilot, tap)
            if watch.matched is None:
                results.misses += 1
                continue
            results.steps.setdefault(label, []).append((watch.matched - watch.started) * 1e3)
        await pilot.exit(None)


# ------------------------------------------------------------------------ report
def environment() -> str:
    return (
        f"python {platform.python_version()} ({platform.machine()}), numpy {np.__version__}, "
        f"textual {textual.__version__}, {os.cpu_count()} CPUs, load average "
        + " ".join(f"{v:.2f}" for v in os.getloadavg())
    )


def summary(values: list[float]) -> str:
    if not values:
        return "no samples"
    return (
        f"median {statistics.median(values):6.1f} ms   p90 {percentile(values, 0.9):6.1f} ms   "
        f"max {max(values):6.1f} ms   (n={len(values)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--edits",
        type=int,
        default=40,
        help="edits per scenario per round (default 40: 200 in all)",
    )
    parser.add_argument(
        "--steps",
        type=int,
        default=20,
        help="cursor/scroll steps per sequence per round",
    )
    parser.add_argument(
        "--size",
        default="120x40",
        help="terminal size WxH (default 120x40, as the tests)",
    )
    parser.add_argument(
        "--profile",
        choices=list(SCENARIOS),
        help="cProfile this scenario's commits (key to match) and print hotspots",
    )
    parser.add_argument(
        "--autosave-cost",
        action="store_true",
        help="also run every scenario with autosave off, interleaved, to measure what autosave adds",
    )
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.lower().split("x"))

    print(f"environment: {environment()}")
    print(f"terminal {width}x{height}, {args.rounds} rounds x {args.edits} edits per scenario, alternating scenarios")
    runs = [(name, True) for name in SCENARIOS]
    if args.autosave_cost:
        runs = [(name, autosave) for name in SCENARIOS for autosave in (True, False)]
    run_label = {run: run[0] if run[1] else f"{run[0]}, autosave off" for run in runs}
    results = {run_label[run]: Results() for run in runs}
    profiler = cProfile.Profile() if args.profile else None
    began = time.perf_counter()
    for number in range(args.rounds):
        order = runs if number % 2 == 0 else list(reversed(runs))
        for name, autosave in order:
            asyncio.run(
                session(
                    name,
                    args.edits,
                    args.steps,
                    (width, height),
                    results[run_label[(name, autosave)]],
                    profiler if name == args.profile else None,
                    autosave,
                )
            )
        print(
            f"  round {number + 1}/{args.rounds} done ({time.perf_counter() - began:.0f} s)",
            flush=True,
        )

    print("\nedit -> every panel shows the new values (commit key to frame):")
    for name, result in results.items():
        target = EDIT_TARGETS_MS[name.split(",")[0]]
        verdict = "PASS" if result.edit_ms and statistics.median(result.edit_ms) < target else "MISS"
        print(f"  {name:24s} {summary(result.edit_ms)}   target < {target:.0f} ms: {verdict}")
    print("  breakdown (medians):")
    for name, result in results.items():
        if result.edit_ms:
            print(
                f"    {name:24s} render_document() {statistics.median(result.render_ms):5.1f} ms, "
                f"frames per commit {statistics.median(result.frames):.0f}, last frame the commit causes "
                f"{statistics.median(result.settled_ms):5.1f} ms (every {SETTLED_EVERY}th edit), harness time "
                f"inside the window {statistics.median(result.hook_ms):.2f} ms"
            )

    if args.autosave_cost:
        for name in SCENARIOS:
            on, off = results[name].edit_ms, results[f"{name}, autosave off"].edit_ms
            if on and off:
                added = statistics.median(on) - statistics.median(off)
                print(f"  autosave adds {added:+.1f} ms to the median edit of {name} (target < 5 ms)")
            ui, written = results[name].autosave_ui_ms, results[name].autosave_write_ms
            if ui and written:
                print(
                    f"    {len(written)} writes; UI thread per write (copy, queue) median {statistics.median(ui):.2f} ms, "
                    f"max {max(ui):.2f} ms; writer thread per write median {statistics.median(written):.1f} ms, "
                    f"max {max(written):.1f} ms (the first of a session formats every row)"
                )

    print("\ncursor and scroll steps in the layer-1 weights grid (key to frame):")
    for name, result in results.items():
        for label, values in result.steps.items():
            print(f"  {name:24s} W1 {result.visible[label]:26s} {label:22s} {summary(values)}")
    small = results["default"].steps.get("cursor right/left", [])
    large = results["784-128-10"].steps.get("scroll pagedown/right", [])
    if small and large:
        ratio = statistics.median(large) / statistics.median(small)
        print(
            f"  784x128 scroll step / 4x3 cursor step: {ratio:.2f}x for {784 * 128 // 12}x as many cells: "
            "the cost follows the cells in view, not the matrix"
        )

    misses = sum(r.misses for r in results.values())
    faithful = all(r.emulator_faithful for r in results.values())
    print(
        f"\nframes that never matched within {WAIT_S:.0f} s: {misses}; emulator agrees with the compositor: {faithful}"
    )
    print(f"total {time.perf_counter() - began:.0f} s")

    if profiler is not None:
        stream = io.StringIO()
        stats = pstats.Stats(profiler, stream=stream)
        stats.sort_stats("cumulative").print_stats(r"(/tui/|/engine/)", 25)
        stats.sort_stats("tottime").print_stats(30)
        print(f"\ncProfile of the {args.profile} commit windows:")
        print(stream.getvalue())


if __name__ == "__main__":
    from private_state import private_state

    with private_state():  # the app autosaves after edits, as in use: into a folder of the run's own
        main()
