"""A heavy network in training: how fast keys answer, and how fast the app quits.

The largest network the app's budgets allow (tui/document/limits.py): 2-1997-1997-3 (3,997,994
weights, just under the 4,000,000 weights budget; ReLU, softmax) on 498 spiral samples
(498 x 3,997,994 multiply-adds is just under the 2e9 compute budget), Adam, full batch.
``--hidden 1900 --per-class 100`` is the tester's case (2-1900-1900-3 on 300 samples).
The benchmark refuses a size the app itself would refuse. Training checks
for a stop between slices of the epoch's samples (engine/training.py, SLICE_WORK), so:

- in the app (headless ``run_test``, 120x40): ``]`` (the gradients panel's layer) is
  timed until the screen shows it; space until the status says "pausing" and until the
  worker has stopped ("PAUSED"); Escape until the workbench is back (the worker
  stopped first);
- the real app in a pseudo-terminal: Ctrl+Q during an epoch, timed until the terminal is
  restored and until the process has exited (the shell prompt is back), the last autosave of
  the unsaved work written in between (its arrays as bytes, ``tui.files.autosave_sidecar``).

Run: ``python benchmarks/train_heavy.py [--keys 8]``. Targets: every figure < 100 ms
for the keys' answers; the stop and the exit within about one slice.
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import os
import select
import statistics
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from private_state import private_state  # noqa: E402
from textual import events  # noqa: E402

from engine import Dense, Network, ReLU, Softmax, Step, spiral_data  # noqa: E402
from tui.app.workbench import WorkbenchApp  # noqa: E402
from tui.document.limits import refusal  # noqa: E402
from tui.document.state import Document  # noqa: E402
from tui.widgets.gradients_panel import GradientsPanel  # noqa: E402

SAMPLES_PER_CLASS = 166
HIDDEN = 1997


def heavy_document(hidden: int = HIDDEN, per_class: int = SAMPLES_PER_CLASS) -> Document:
    np = __import__("numpy")
    why = refusal(3 * per_class, 2, [(2, hidden), (hidden, hidden), (hidden, 3)])
    if why:
        raise SystemExit(f"the app would refuse this size: {why}")
    np.random.seed(0)
    X, y = spiral_data(per_class, 3)
    network = Network(
        [Step(Dense(2, hidden), ReLU()), Step(Dense(hidden, hidden), ReLU()), Step(Dense(hidden, 3), Softmax())]
    )
    return Document(network, X, y.astype(np.int64))


def send_key(app: WorkbenchApp, key: str, character: str | None = None) -> None:
    """As the terminal driver delivers a key, without waiting for the app to go idle."""
    event = events.Key(key, character)
    event.set_sender(app)
    app._driver.send_message(event)  # type: ignore[union-attr]


def status(app: WorkbenchApp) -> str:
    widget = app.screen.query_one("#train-status")
    region = widget.region
    strips = app.screen._compositor.render_strips()
    return " ".join(strip.text[region.x : region.right] for strip in strips[region.y : region.bottom])


def shown_layer(app: WorkbenchApp) -> str:
    panel = app.screen.query_one(GradientsPanel)
    region = panel.region
    strips = app.screen._compositor.render_strips()
    return strips[region.y].text[region.x : region.right] if region.height else ""


async def until(condition, limit: float = 60.0) -> float:  # type: ignore[no-untyped-def]
    """Seconds until ``condition()`` holds (polled every 2 ms)."""
    start = time.perf_counter()
    while not condition():
        if time.perf_counter() - start > limit:
            raise TimeoutError("the app did not answer")
        await asyncio.sleep(0.002)
    return time.perf_counter() - start


async def start_training(app: WorkbenchApp) -> None:
    send_key(app, "space", " ")
    await until(lambda: getattr(app.screen, "running", False) and "TRAINING" in status(app))
    await asyncio.sleep(1.5)  # well inside an epoch


async def in_app(keys: int, hidden: int, per_class: int) -> dict[str, list[float]]:
    app = WorkbenchApp(document=heavy_document(hidden, per_class))
    names = ("]", "space: pausing shown", "space: worker stopped", "Escape: worker stopped", "Escape: workbench back")
    figures: dict[str, list[float]] = {name: [] for name in names}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g")
        app.screen.query_one("#train-epochs").value = "1000"  # type: ignore[attr-defined]
        await pilot.pause()
        await start_training(app)
        # The panel shows a layer once the first epoch's gradients are in; before, "]"
        # changes nothing visible.
        await until(lambda: "Layer" in shown_layer(app), limit=600)
        for _ in range(keys):
            panel = app.screen.query_one(GradientsPanel)
            before = shown_layer(app)
            key = "right_square_bracket" if "Layer 1" in before else "left_square_bracket"
            index = panel.layer_index
            sent = time.perf_counter()
            send_key(app, key)
            # The state first (cheap to poll), then the screen: reading the screen every 2 ms
            # would render it every 2 ms, a load of the probe's own on the UI thread.
            await until(lambda panel=panel, index=index: panel.layer_index != index)
            await until(lambda before=before: shown_layer(app) != before)
            figures["]"].append(time.perf_counter() - sent)
            await asyncio.sleep(0.25)
        for _ in range(max(1, keys // 4)):
            sent = time.perf_counter()
            send_key(app, "space", " ")
            await until(lambda: "pausing" in status(app))
            figures["space: pausing shown"].append(time.perf_counter() - sent)
            await until(lambda: "PAUSED" in status(app))
            figures["space: worker stopped"].append(time.perf_counter() - sent)
            await start_training(app)
        screen = app.screen
        sent = time.perf_counter()
        send_key(app, "escape")
        await until(lambda: not screen.running)  # type: ignore[attr-defined]
        figures["Escape: worker stopped"].append(time.perf_counter() - sent)
        # Then the workbench recomputes its trace of the samples (its own cost).
        await until(lambda: type(app.screen).__name__ != "TrainingScreen")
        figures["Escape: workbench back"].append(time.perf_counter() - sent)
    return figures


LAUNCH = """
import sys
sys.path.insert(0, {root!r})
sys.path.insert(0, {bench!r})
from train_heavy import heavy_document
from tui.__main__ import _finish_autosave, _leave
from tui.app.workbench import WorkbenchApp
app = WorkbenchApp(document=heavy_document({hidden}, {per_class}))
app.finish_after_exit = True  # as nnwb runs it: the last autosave after the terminal is back
app.run()
_finish_autosave(app)
_leave(app.return_code or 0)
"""


def in_terminal(hidden: int, per_class: int, keys: int) -> tuple[list[float], float, float]:
    """The real app in a pseudo-terminal, as a person at a terminal sees it: "]" and "[" in
    training, each timed until the terminal is sent the gradients panel's new layer; then
    Ctrl+Q in an epoch, until the terminal is restored and until the process is gone.
    (key latencies, terminal restored, process gone)."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    code = LAUNCH.format(root=str(ROOT), bench=str(ROOT / "benchmarks"), hidden=hidden, per_class=per_class)
    env = {**os.environ, "TERM": "xterm-256color"}
    process = subprocess.Popen([sys.executable, "-c", code], stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    seen = b""

    def read_for(seconds: float) -> None:
        nonlocal seen
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            ready, _, _ = select.select([master], [], [], 0.002)
            if ready:
                try:
                    seen = (seen + os.read(master, 65536))[-200_000:]
                except OSError:
                    return

    def wait_for(text: bytes, limit: float = 60.0) -> None:
        """Read until ``text`` has been sent, looking after every read (not every 50 ms)."""
        nonlocal seen
        end = time.monotonic() + limit
        while text not in seen:
            if time.monotonic() > end or process.poll() is not None:
                raise TimeoutError(f"never saw {text!r}")
            ready, _, _ = select.select([master], [], [], 0.002)
            if ready:
                seen = (seen + os.read(master, 65536))[-200_000:]

    wait_for(b"Network")  # the first frame: keys sent before the driver is up would be lost
    read_for(0.5)
    os.write(master, b"g")
    wait_for(b"READY")
    seen = b""
    os.write(master, b" ")
    wait_for(b"TRAINING")
    wait_for(b"Layer 1 of 3", limit=600)  # the first epoch's gradients are shown
    latencies = []
    for number in range(keys):
        read_for(0.25)
        seen = b""
        key, shown = (b"]", b"Layer 2 of 3") if number % 2 == 0 else (b"[", b"Layer 1 of 3")
        sent = time.perf_counter()
        os.write(master, key)
        wait_for(shown)
        latencies.append(time.perf_counter() - sent)
    read_for(1.0)  # inside an epoch
    sent = time.perf_counter()
    os.write(master, b"\x11")  # Ctrl+Q
    seen = b""
    wait_for(b"\x1b[?1049l", limit=120)  # the terminal leaves the app's screen: the prompt's
    back = time.perf_counter() - sent
    while process.poll() is None:
        read_for(0.005)
    took = time.perf_counter() - sent
    os.close(master)
    print(f"  Ctrl+Q: terminal restored after {1000 * back:.0f} ms, process gone after {1000 * took:.0f} ms"
          " (the last autosave of the unsaved work is written in between)")
    return latencies, back, took


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keys", type=int, default=8)
    parser.add_argument("--exits", type=int, default=3)
    parser.add_argument("--hidden", type=int, default=HIDDEN)
    parser.add_argument("--per-class", type=int, default=SAMPLES_PER_CLASS)
    parser.add_argument("--terminal-only", action="store_true", help="only the real terminal's keys and Ctrl+Q")
    args = parser.parse_args()
    print(f"2-{args.hidden}-{args.hidden}-3 on {3 * args.per_class} samples, full batch")
    if not args.terminal_only:
        for name, seconds in asyncio.run(in_app(args.keys, args.hidden, args.per_class)).items():
            ms = sorted(1000 * s for s in seconds)
            print(f"{name:24s} median {statistics.median(ms):6.0f} ms, worst {ms[-1]:6.0f} ms over {len(ms)}")
    terminal_keys, backs, exits = [], [], []
    for _ in range(args.exits):
        # A state folder per launch: Ctrl+Q mid-run leaves unsaved work, which the next
        # launch in the same folder would offer to restore (a dialog in front of the keys).
        with private_state():
            latencies, back, took = in_terminal(args.hidden, args.per_class, args.keys)
        terminal_keys += [1000 * s for s in latencies]
        backs.append(1000 * back)
        exits.append(1000 * took)
    for name, ms in (("terminal: ] and [ shown", sorted(terminal_keys)), ("Ctrl+Q: terminal back", sorted(backs)),
                     ("Ctrl+Q: shell prompt", sorted(exits))):
        print(f"{name:24s} median {statistics.median(ms):6.0f} ms, worst {ms[-1]:6.0f} ms over {len(ms)}")


if __name__ == "__main__":
    with private_state():  # autosaves (in the app and in the terminal's) land in a folder of the run's own
        main()
