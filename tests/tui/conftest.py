"""Helpers for driving the workbench as a person does and reading what the screen shows."""

from __future__ import annotations

from textual.widget import Widget

from tui.app.workbench import WorkbenchApp
from tui.widgets.matrix_grid import FIXED_ABOVE, MatrixGrid


def screen_lines(app: WorkbenchApp) -> list[str]:
    """Every line of the terminal as the user sees it."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def screen_text(app: WorkbenchApp) -> str:
    return "\n".join(screen_lines(app))


def region_text(app: WorkbenchApp, widget: Widget) -> str:
    """The characters on screen inside ``widget``'s region (its border included)."""
    region = widget.region
    lines = screen_lines(app)[region.y : region.bottom]
    return "\n".join(line[region.x : region.right] for line in lines)


def grid_rows(app: WorkbenchApp, selector: str) -> list[list[str]]:
    """The cells of a matrix panel's visible rows, split on spaces, as read off the screen."""
    grid = app.query_one(selector, MatrixGrid)
    region = grid.scrollable_content_region
    lines = screen_lines(app)[region.y + FIXED_ABOVE : region.y + FIXED_ABOVE + grid.visible_rows]
    rows = []
    for line in (line[region.x : region.right] for line in lines):
        cells = line.split()
        if cells:
            rows.append(cells[1:])  # drop the row header
    return rows


async def focus(pilot, app: WorkbenchApp, selector: str, tries: int = 12) -> None:  # type: ignore[no-untyped-def]
    """Tab until the matrix panel ``selector`` has focus, as a person would."""
    target = app.query_one(selector)
    for _ in range(tries):
        if app.focused is target:
            return
        await pilot.press("tab")
    raise AssertionError(f"Tab never reached {selector}")


async def wait_for(pilot, condition, what: str, tries: int = 3000) -> None:  # type: ignore[no-untyped-def]
    """Let the app run until ``condition()`` holds: a state, not a time. ``tries`` only stops
    a test that would otherwise hang when the state never comes."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError(f"never happened: {what}")


def palette_titles(app: WorkbenchApp) -> list[str]:
    """The titles the open command palette lists, best match first."""
    from textual.command import CommandList

    options = app.screen.query_one(CommandList)
    return [str(options.get_option_at_index(i).hit.text) for i in range(options.option_count)]  # type: ignore[attr-defined]


async def run_in_palette(pilot, app: WorkbenchApp, title: str) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+P, type ``title``, wait until it is the best match, Enter: as a person does."""
    from textual.command import CommandPalette

    await pilot.press("ctrl+p")
    await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette opens")
    await pilot.press(*title)
    await wait_for(pilot, lambda: palette_titles(app)[:1] == [title], f'the palette offers "{title}" first')
    await pilot.press("enter")  # highlights the first match (or runs it, if it is the only one)
    if isinstance(app.screen, CommandPalette):
        await pilot.press("enter")
    await wait_for(pilot, lambda: not isinstance(app.screen, CommandPalette), "the palette closes")
    await pilot.pause()


async def paste_then_type(pilot, app: WorkbenchApp, selector: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """Into the Input ``selector`` of the screen: all of ``text`` but its last character
    pasted, the last one typed. A key per character of a long path took most of a test's
    time, and the last key makes the same change a person's typing does."""
    from textual.widgets import Input

    field = app.screen.query_one(selector, Input)
    field.value = text[:-1]
    field.cursor_position = len(field.value)
    await pilot.press(text[-1])
    await pilot.pause()
