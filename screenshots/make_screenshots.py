"""Make the README's screenshots: ``python screenshots/make_screenshots.py``.

Each shot drives the app as a person would (keys in), then saves an SVG beside this file.
Turn one into PNG to look at it: ``rsvg-convert screenshots/main.svg -o /tmp/main.png``
(the SVGs say ``xml:space="preserve"``, without which rsvg-convert runs words together).
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path

from tui.app.workbench import WorkbenchApp

HERE = Path(__file__).parent

# (file name, preset, terminal size, keys to press first)
SHOTS: list[tuple[str, str, tuple[int, int], list[str]]] = [
    ("main", "two-layers", (120, 40), []),
    ("main-80x24", "two-layers", (80, 24), []),
    ("shape-error", "transpose-mistake", (120, 40), []),
    ("step-mode", "two-layers", (120, 40), ["s", "n", "n", "n", "n", "n"]),
    # The backward pass at layer 1's ReLU: the mask z1 > 0 over dz1, dW1 not yet computed.
    ("step-backward", "spiral", (120, 40), ["s"] + ["n"] * 13),
    ("spiral", "spiral", (120, 40), ["right_square_bracket"]),
    ("help", "two-layers", (120, 40), ["question_mark"]),
    # 300 epochs one at a time would be slow to type: "training" sets them and waits (below).
    ("training", "spiral", (120, 40), ["g"]),
    # Chapter 17's regression: the fitted curve in place of the decision boundary.
    ("regression", "ch17-regression", (120, 40), ["g"]),
    # Lesson 2 with its first task done (a step into the layer) and the hints shown.
    ("lesson", "lesson:02-layer", (120, 40), ["s", "n", "n", "n", "escape", "h"]),
]


async def shoot(name: str, preset: str, size: tuple[int, int], keys: list[str]) -> Path:
    if preset.startswith("lesson:"):
        from tui.lessons.loader import load_lesson

        app = WorkbenchApp(lesson=load_lesson(preset.removeprefix("lesson:")))
    else:
        app = WorkbenchApp(preset=preset)
    async with app.run_test(size=size) as pilot:
        for key in keys:
            await pilot.press(key)
        if name in ("training", "regression"):
            await train_for(pilot, app, 300)
        await pilot.pause()
        app.clear_notifications()
        await pilot.pause()
        path = HERE / f"{name}.svg"
        app.save_screenshot(filename=path.name, path=str(HERE))
    keep_spaces(path)
    return path


def keep_spaces(svg: Path) -> None:
    """Mark the SVG's text as keeping its spaces. Rich writes a run of text that starts or
    ends with spaces (" none   ") as one element at its column; browsers keep those spaces,
    librsvg (rsvg-convert) drops them unless the document says ``xml:space="preserve"``, and
    the next word then follows the last with no gap."""
    text = svg.read_text(encoding="utf-8")
    if 'xml:space="preserve"' not in text.split(">", 1)[0]:
        svg.write_text(text.replace("<svg ", '<svg xml:space="preserve" ', 1), encoding="utf-8")


async def train_for(pilot, app: WorkbenchApp, epochs: int) -> None:  # type: ignore[no-untyped-def]
    """Seeded and deterministic: a fixed number of epochs, then wait for the worker to end."""
    await pilot.click("#train-epochs")
    await pilot.press("end", "ctrl+u", *str(epochs), "enter", "space")
    while app.screen.running:  # type: ignore[attr-defined]
        await pilot.pause(0.05)
    await pilot.pause()


async def main() -> None:
    for shot in SHOTS:
        print(await shoot(*shot))


if __name__ == "__main__":
    # The app autosaves after changes: into a folder of its own, not the user's (whose next
    # nnwb would offer this run's work).
    with tempfile.TemporaryDirectory(prefix="nnwb-state-") as state:
        os.environ["XDG_STATE_HOME"] = state
        # The README shows the app in full colour, whatever terminal runs this: TERM=xterm
        # without COLORTERM would draw the 16-colour theme (as the tests set it too).
        os.environ["COLORTERM"] = "truecolor"
        os.environ.pop("NO_COLOR", None)
        asyncio.run(main())
