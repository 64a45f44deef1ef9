"""Training in the app vs headless: epochs per second, and how fast a key answers meanwhile.

The book's chapter 10 run on the spiral preset's data (300 samples, float32): the preset's
network (2-3-3, ReLU, softmax) and Adam(0.05, decay 5e-7), full batch. Headless: the
Trainer's own loop. In the app: the training screen's worker (headless ``run_test``,
120x40), with the UI redrawing its curves, map and gradients a few times a second.
Meanwhile a key that changes something visible (``]``: the gradients panel's layer) is
sent every 0.3 s and timed until the screen shows its effect.

Run: ``python benchmarks/train_ui.py [--seconds 6]``. Targets: in-app >= 70% of headless,
key response < 100 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textual import events  # noqa: E402

from engine import Adam, Trainer  # noqa: E402
from tui.app.workbench import WorkbenchApp  # noqa: E402
from tui.document.state import Document  # noqa: E402
from tui.widgets.gradients_panel import GradientsPanel  # noqa: E402


def headless(seconds: float) -> float:
    doc = Document.from_preset("spiral")
    trainer = Trainer(doc.network, doc.inputs, doc.labels, Adam(0.05, decay=5e-7))
    start = time.perf_counter()
    epochs = 0
    while time.perf_counter() - start < seconds:
        for _ in trainer.train(200):
            epochs += 1
    return epochs / (time.perf_counter() - start)


def send_key(app: WorkbenchApp, key: str, character: str | None = None) -> None:
    """As the terminal driver delivers a key, without waiting for the app to go idle."""
    event = events.Key(key, character)
    event.set_sender(app)
    app._driver.send_message(event)  # type: ignore[union-attr]


def shown_layer(app: WorkbenchApp) -> str:
    panel = app.screen.query_one(GradientsPanel)
    region = panel.region
    strips = app.screen._compositor.render_strips()
    return strips[region.y].text[region.x : region.right] if region.height else ""


async def in_app(seconds: float, probe: bool) -> tuple[float, list[float]]:
    """Epochs per second in the app while a key is pressed every 0.3 s.

    With ``probe``, each key is also timed until the screen shows it; reading the screen
    renders it whole, which costs the app's time, so throughput is measured in a run
    without probing and the latency in a run with it.
    """
    app = WorkbenchApp(preset="spiral")
    latencies: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g")
        epochs = app.screen.query_one("#train-epochs")
        epochs.value = "10000000"  # type: ignore[attr-defined]
        await pilot.pause()
        send_key(app, "space", " ")
        session = app.training_session
        waited = time.perf_counter()
        while not session.epochs:
            assert time.perf_counter() - waited < 10, "training did not start"
            await asyncio.sleep(0.005)
        start, first = time.perf_counter(), session.epochs[-1]
        next_key = start + 0.3
        while time.perf_counter() - start < seconds:
            if time.perf_counter() >= next_key:
                panel = app.screen.query_one(GradientsPanel)
                before, layer = shown_layer(app), panel.layer_index
                key = "right_square_bracket" if "Layer 1" in before else "left_square_bracket"
                sent = time.perf_counter()
                send_key(app, key)
                if not probe:
                    next_key = time.perf_counter() + 0.3
                    await asyncio.sleep(0.01)
                    continue
                # Poll the panel's state cheaply (rendering the whole screen to look costs
                # the app time), then wait for the frame that shows it.
                while panel.layer_index == layer and time.perf_counter() - sent < 2:
                    await asyncio.sleep(0.001)
                while shown_layer(app) == before and time.perf_counter() - sent < 2:
                    await asyncio.sleep(0.005)
                latencies.append(time.perf_counter() - sent)
                next_key = time.perf_counter() + 0.3
            await asyncio.sleep(0.01)
        elapsed = time.perf_counter() - start
        done = session.epochs[-1] - first
        send_key(app, "space", " ")
        while app.screen.running:  # type: ignore[attr-defined]
            await asyncio.sleep(0.01)
    return done / elapsed, latencies


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=6.0)
    args = parser.parse_args()
    alone = headless(args.seconds)
    ui, _ = asyncio.run(in_app(args.seconds, probe=False))
    _, latencies = asyncio.run(in_app(args.seconds, probe=True))
    again = headless(args.seconds)  # the machine's speed wanders: measure before and after
    reference = (alone + again) / 2
    print(f"headless Trainer:  {alone:8.0f} and {again:8.0f} epochs/s")
    print(f"in the app:        {ui:8.0f} epochs/s = {ui / reference:.0%} of headless (target >= 70%), a key every 0.3 s")
    if latencies:
        ms = sorted(1000 * t for t in latencies)
        print(
            f"key to screen:     median {statistics.median(ms):.0f} ms, worst {ms[-1]:.0f} ms over {len(ms)} keys "
            f"(target < 100 ms)"
        )


if __name__ == "__main__":
    from private_state import private_state

    with private_state():  # autosaves land in a folder of the run's own
        main()
