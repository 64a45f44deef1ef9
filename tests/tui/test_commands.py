"""One table of commands: the keys, the palette, the help, the footer and the training lock
read it, so that no way of invoking a command gets round the lock."""

from __future__ import annotations

import re

import numpy as np
import pytest
from rich.console import Console
from textual.command import CommandPalette
from textual.widgets._toast import Toast

from tests.tui.conftest import region_text, run_in_palette, screen_text, wait_for
from tui.app.workbench import WorkbenchApp
from tui.commands import ANYWHERE, COMMANDS, TRAINING, WORKBENCH, keys_text
from tui.document.state import Document
from tui.screens.help import HelpScreen, help_table, sections
from tui.screens.training import TrainingScreen


def fingerprint(doc: Document) -> tuple[object, ...]:
    """Everything a command could change in the document."""
    layers = tuple(
        (s.dense.weights.tobytes(), s.dense.weights.shape, s.dense.biases.tobytes(), s.activation.name) for s in doc.network.steps
    )
    labels = None if doc.labels is None else doc.labels.tobytes()
    return (doc.preset, str(doc.dtype), doc.inputs.tobytes(), doc.inputs.shape, labels, layers, doc.selected, doc.weights_view, doc.step)


def toasts(app: WorkbenchApp) -> str:
    """The notifications on screen, as one line of words."""
    return " ".join(" ".join(region_text(app, toast).replace("▌", " ").split()) for toast in app.screen.query(Toast))


def training_views(app: WorkbenchApp) -> int:
    return sum(isinstance(screen, TrainingScreen) for screen in app.screen_stack)


def test_every_command_of_the_table_has_its_action() -> None:
    for command in COMMANDS:
        owner = TrainingScreen if command.screen == TRAINING else WorkbenchApp
        assert callable(getattr(owner, f"action_{command.action}", None)), command.name


# Commands that leave the screen being tested or the app, or open a palette of their own
# (Theme): harmless, and not what this test is about.
LEAVES = {"quit", "back", "theme"}


@pytest.mark.slow  # training in the UI for seconds
async def test_while_training_every_palette_command_is_refused_with_a_reason_or_touches_nothing(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        app.document.set_cell("inputs", 0, 0, "0.5")  # something for Undo to take back
        await pilot.press("g")
        view = app.screen
        assert isinstance(view, TrainingScreen)
        view.running = True  # the lock as a running worker sets it (no worker: the arrays hold still)
        before = fingerprint(app.document)
        # What the palette lists on this screen, and the callbacks it runs (typing each title
        # into the palette is covered below for the commands the issue names).
        palette = {entry.title: entry for entry in app.get_system_commands(view)}
        tried = 0
        for command in COMMANDS:
            if not command.title or command.name in LEAVES:
                continue
            app.clear_notifications()
            await pilot.pause()
            entry = palette[command.title]
            app.call_later(entry.callback)  # as the palette does when the entry is chosen
            await pilot.pause()
            tried += 1
            if command.screen == WORKBENCH or not command.while_running:
                # Refused: the document is as it was, and the user is told which command and why,
                # in the palette before choosing it (listed only when searched for) and after.
                assert entry.help.startswith("not now: ") and not entry.discover, entry
                await wait_for(pilot, lambda command=command: command.title in toasts(app),
                               f"{command.name} says why: {toasts(app)!r}")
                said = toasts(app)
                assert "not while" in said, said
            elif command.name == "help":
                await pilot.press("escape")  # the help opened over the training view; close it
                await pilot.pause()
            assert app.screen is view, command.name
            assert fingerprint(app.document) == before, command.name
            assert training_views(app) == 1, command.name
        assert tried >= 40


@pytest.mark.slow  # training in the UI for seconds
async def test_train_from_the_palette_while_training_never_opens_a_second_training_view() -> None:
    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("g")
        view = app.screen
        await run_in_palette(pilot, app, "Train")
        assert app.screen is view and training_views(app) == 1
        assert "Train: not while the training view is open" in toasts(app)
        app.action_train()  # even called directly, as an old binding or a stale click might
        await pilot.pause()
        assert training_views(app) == 1
        layers = len(app.document.network)
        weights = app.document.layer.dense.weights.copy()
        for title in ("Remove layer", "Preset: A single neuron", "Transpose weights"):
            await run_in_palette(pilot, app, title)
            assert f"{title}: not while the training view is open" in toasts(app)
        assert len(app.document.network) == layers and app.document.preset == "spiral"
        assert np.array_equal(app.document.layer.dense.weights, weights)


async def test_the_workbench_keys_wait_in_the_training_view() -> None:
    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("g")
        before = fingerprint(app.document)
        await pilot.press("a", "d", "T", "s", "ctrl+z", "x", "p")  # the workbench's keys
        await pilot.pause()
        assert fingerprint(app.document) == before
        assert isinstance(app.screen, TrainingScreen) and training_views(app) == 1


async def test_a_key_refused_while_training_runs_says_why() -> None:
    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("g")
        app.screen.running = True  # type: ignore[attr-defined]
        await pilot.press("o")
        await wait_for(pilot, lambda: "One epoch: not while training runs" in toasts(app), "o says why")
        assert not app.screen.session.epochs  # type: ignore[attr-defined]


def rendered_help(width: int = 200) -> list[str]:
    console = Console(width=width, record=True, file=open("/dev/null", "w"))
    console.print(help_table())
    return [line.rstrip() for line in console.export_text().splitlines()]


def test_the_help_lists_exactly_the_tables_commands() -> None:
    lines = rendered_help()
    start = lines.index(COMMANDS[0].section)
    end = lines.index("Moving and editing")  # the panels' own controls follow the commands
    headings = {command.section for command in COMMANDS}
    rows = [" ".join(line.split()) for line in lines[start:end] if line.strip() and line.strip() not in headings]
    expected = [" ".join(f"{keys_text(c)} {c.help}".split()) for c in COMMANDS]
    assert rows == expected


async def test_the_help_screen_shows_the_table() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(screen_text(app).split())
        for command in COMMANDS[:6]:
            assert f"{keys_text(command)} {command.help}" in text


@pytest.mark.parametrize("opened_in", ["workbench", "training view"])
async def test_the_help_starts_with_the_keys_of_the_screen_it_was_opened_from(opened_in: str) -> None:
    from tui.commands import TRAIN, WORKBENCH_KEYS

    headings = {command.section for command in COMMANDS} | {"Moving and editing"}
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        if opened_in == "training view":
            await pilot.press("g")
            await wait_for(pilot, lambda: isinstance(app.screen, TrainingScreen), "the training view opens")
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "the help opens")
        lines = [" ".join(line.replace("│", " ").split()) for line in region_text(app, app.screen.query_one("#help-body")).splitlines()]
        shown = [line for line in lines if line in headings]
        first = TRAIN if opened_in == "training view" else COMMANDS[0].section
        assert shown and shown[0] == first, shown
    # Then the rest, in the table's order: nothing is left out.
    assert [h for h, _ in sections(TRAIN)] == [TRAIN] + [h for h, _ in sections() if h != TRAIN]
    assert WORKBENCH_KEYS in [h for h, _ in sections(TRAIN)]


def footer_keys(app: WorkbenchApp) -> list[str]:
    """The footer's keys as shown, each read from its own place on screen."""
    footer = app.screen.query_one("Footer")
    keys = []
    for key in footer.query("FooterKey"):
        assert key.region.right <= footer.region.right, "a key runs past the edge"
        keys.append(" ".join(region_text(app, key).split()))
    return keys


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_the_footer_keeps_the_keys_a_screen_needs_most(size: tuple[int, int]) -> None:
    app = WorkbenchApp()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        keys = footer_keys(app)
        assert {"g Train", "? Help", "^z Undo", "s Step"} <= set(keys), keys
        await pilot.press("s")
        await pilot.pause()
        keys = footer_keys(app)
        assert {"g Train", "? Help", "^z Undo", "s Step", "n Next", "b Back"} <= set(keys), keys
        # Every key is whole: "key label" from the table, nothing cut, nothing run together.
        labels = {c.label for c in COMMANDS}
        for key in keys:
            assert re.fullmatch(r"\S+ .+", key) and key.split(" ", 1)[1] in labels, key
        footer_line = screen_text(app).splitlines()[-1]
        assert "paletteg" not in footer_line and footer_line.rstrip().endswith("Palette"), footer_line
        await pilot.press("s", "g")
        await pilot.pause()
        keys = footer_keys(app)
        assert {"space Start/Pause", "g Back", "? Help"} <= set(keys), keys


async def test_the_layer_keys_show_while_the_network_panel_has_focus() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        assert "a +layer" not in footer_keys(app)  # the inputs have focus
        app.query_one("#network").focus()
        await pilot.pause()
        assert {"a +layer", "d −layer", "f Activation"} <= set(footer_keys(app))


async def test_a_footer_key_refused_while_training_runs_is_dimmed() -> None:
    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("g")
        view = app.screen
        one_epoch = lambda: next(k for k in view.query("CommandKey") if k.description == "One epoch")  # noqa: E731
        # The view's footer is drawn after its first layout: on a busy machine, later than the press.
        await wait_for(pilot, lambda: any(k.description == "One epoch" for k in view.query("CommandKey")), "the footer")
        assert not one_epoch().has_class("-disabled")
        view.running = True  # type: ignore[attr-defined]
        view.refresh_bindings()
        # The footer recomposes when its keys change: ask whichever One epoch key is there now.
        await wait_for(pilot, lambda: any(k.description == "One epoch" and k.has_class("-disabled")
                                          for k in view.query("CommandKey")), "One epoch dims")
        await pilot.pause()
        await pilot.click(one_epoch())  # a click on it goes through the same gate, and says why
        await wait_for(pilot, lambda: "One epoch: not while training runs" in toasts(app), "the click says why")
        assert not view.session.epochs  # type: ignore[attr-defined]


def test_commands_sharing_an_action_share_its_rules() -> None:
    by_action: dict[tuple[str, str], set[tuple[object, ...]]] = {}
    for c in COMMANDS:
        by_action.setdefault((c.screen, c.action), set()).add((c.while_running, c.when))
    assert all(len(rules) == 1 for rules in by_action.values()), by_action


def test_only_the_harmless_commands_run_while_training() -> None:
    """The lock's column, stated: what may run while a worker trains the network."""
    allowed = {c.name for c in COMMANDS if c.while_running}
    assert allowed == {
        "help", "palette", "focus_next", "focus_previous", "quit", "theme", "screenshot",
        "start_pause", "reset", "gradient_previous", "gradient_next", "back",
    }
    assert all(c.screen in (ANYWHERE, TRAINING) for c in COMMANDS if c.while_running)


async def test_the_palette_offers_fit_when_the_training_view_can_fit_the_network() -> None:
    app = WorkbenchApp()  # two layers of 4 inputs: the spiral's 2 features do not fit
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g")
        assert app.screen.fixable  # type: ignore[attr-defined]
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette opens")
        fit = next(e for e in app.get_system_commands(app.screen) if e.title == "Fit the network to the data")
        assert fit.discover and not fit.help.startswith("not now"), fit  # asked of the view under the palette
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, TrainingScreen), "the palette closes")
        await run_in_palette(pilot, app, "Fit the network to the data")
        assert app.document.network.steps[0].dense.weights.shape[0] == 2
