"""Focus and errors look different in a 16-colour terminal and with NO_COLOR (issue 16,
item 4). With TERM=xterm or TERM=linux the terminal gets 16 colours: the default theme's
accent (the focused panel's border, the cursor) and its error colour both became bright red,
and the loss chart's legend was another colour than its curve."""

from __future__ import annotations

import pytest
from rich.color import ColorSystem
from rich.style import Style

from tests.tui.conftest import focus
from tui.app.workbench import WorkbenchApp
from tui.screens.training import TrainingScreen


def style_at(app: WorkbenchApp, x: int, y: int) -> Style:
    """The style of the screen cell (x, y) as the app hands it to the terminal."""
    column = 0
    for segment in app.screen._compositor.render_strips()[y]:
        if column <= x < column + len(segment.text):
            return segment.style or Style()
        column += len(segment.text)
    raise AssertionError(f"nothing drawn at {x}, {y}")


def sixteen(colour: object) -> int | None:
    """The colour's number among the terminal's 16, as a 16-colour terminal gets it."""
    assert colour is not None
    return colour.downgrade(ColorSystem.STANDARD).number  # type: ignore[attr-defined]


@pytest.fixture
def xterm(monkeypatch: pytest.MonkeyPatch) -> None:
    """A terminal of 16 colours, as TERM=xterm says (no COLORTERM)."""
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.delenv("COLORTERM", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)


async def focus_and_error(app: WorkbenchApp) -> tuple[Style, Style, Style, Style]:
    """(the focused inputs' border, its cursor cell, the error panel's border, a column
    header the error names), with a shape error on screen (``c`` in the inputs)."""
    async with app.run_test(size=(120, 40)) as pilot:
        await focus(pilot, app, "#inputs")
        await pilot.press("c")
        await pilot.pause()
        inputs, errors = app.query_one("#inputs"), app.query_one("#errors")
        assert errors.display
        cursor = (inputs.content_region.x + inputs._gutter_width + 1, inputs.content_region.y + 2)
        header = (inputs.content_region.x + inputs._gutter_width + 7, inputs.content_region.y + 1)
        return (style_at(app, inputs.region.x, inputs.region.y + 2), style_at(app, *cursor),
                style_at(app, errors.region.x, errors.region.y + 1), style_at(app, *header))


async def test_in_16_colours_focus_and_the_cursor_are_not_the_error_colour(xterm: None) -> None:
    app = WorkbenchApp()
    assert app.console.color_system == "standard"
    border, cursor, error_border, error_header = await focus_and_error(app)
    error = sixteen(error_border.color)
    assert sixteen(border.color) != error
    assert sixteen(cursor.bgcolor) != error
    assert sixteen(error_header.color) == error  # the dimension the error names still is


async def test_with_no_colour_focus_and_errors_still_differ(xterm: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = WorkbenchApp()
    border, cursor, error_border, _ = await focus_and_error(app)
    # Shades of grey: the focused border and the cursor are lighter than the error's border.
    assert sixteen(border.color) != sixteen(error_border.color)
    assert sixteen(cursor.bgcolor) != sixteen(error_border.color)


async def test_the_loss_legend_is_the_colour_of_the_loss_curve_in_16_colours(xterm: None) -> None:
    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, TrainingScreen)
        await pilot.press("o", "o")  # two epochs: a curve
        await pilot.pause()
        chart = app.screen.query_one("LossChart")
        legend = curve = None
        strips = app.screen._compositor.render_strips()  # once: the screen does not change while it is read
        for y in range(chart.region.y, chart.region.bottom):
            for x in range(chart.region.x, chart.region.right):
                character = strips[y].text[x]
                if character != "━" and not 0x2800 < ord(character) <= 0x28FF:
                    continue
                style = style_at(app, x, y)
                if character == "━" and legend is None:
                    legend = style  # the first swatch: train loss
                elif 0x2800 < ord(character) <= 0x28FF and curve is None and y < chart.region.y + 6:
                    curve = style  # the top pane: loss
        assert legend is not None and curve is not None
        assert sixteen(legend.color) == sixteen(curve.color)
        assert sixteen(curve.color) != 9  # not bright red, the error colour


def contrast(style: Style) -> float:
    """WCAG's contrast ratio of a cell's text to its background (1 to 21)."""
    def luminance(colour: object) -> float:
        red, green, blue = (c / 255 for c in colour.get_truecolor())  # type: ignore[attr-defined]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    lighter, darker = sorted((luminance(style.color), luminance(style.bgcolor)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def filtered_style_of(app: WorkbenchApp, text: str) -> Style:
    """The style of the first cell of ``text`` on screen, after the app's line filters
    (NO_COLOR's greys), as the terminal gets it."""
    from textual.color import Color

    background = Color.parse("black")
    for strip in app.screen._compositor.render_strips():
        if text not in strip.text:
            continue
        for line_filter in app.get_line_filters():
            strip = strip.apply_filter(line_filter, background)
        x, column = strip.text.index(text), 0
        for segment in strip:
            if column <= x < column + len(segment.text):
                return segment.style or Style()
            column += len(segment.text)
    raise AssertionError(f"{text!r} is not on screen")


@pytest.mark.parametrize("no_colour", [False, True])
async def test_what_stops_training_and_a_layer_in_error_are_readable(
        xterm: None, monkeypatch: pytest.MonkeyPatch, no_colour: bool) -> None:
    """The training view's "does not fit" and the network panel's ✗ row, selected: read
    at 1.65:1 and 1.17:1 (NO_COLOR, 16 colours). At least 3:1, the least for large text."""
    if no_colour:
        monkeypatch.setenv("NO_COLOR", "1")
    app = WorkbenchApp(preset="batch")
    async with app.run_test(size=(120, 40)) as pilot:
        await focus(pilot, app, "#inputs")
        await pilot.press("c")  # a shape error in layer 1, the selected layer
        await pilot.pause()
        assert contrast(filtered_style_of(app, "Dense")) >= 3, filtered_style_of(app, "Dense")
        await pilot.press("ctrl+z")
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, TrainingScreen)
        assert contrast(filtered_style_of(app, "features per sample")) >= 3
