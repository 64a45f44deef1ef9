"""The workbench's fitted curve: for a network of one input and one output scored against
number targets (a regression, the book's sine), its output as a curve over the inputs' range
with the batch's (input, target) points under it, redrawn at every edit.

The training view's picture (``tui.widgets.fitted_curve``, ``tui.training.pictures``) from
the document's own weights: the same test of when it applies (``shows_curve``), the same
ranges and the same drawing. Hidden for every other network, so their layouts are as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.training.pictures import frame_for, network_layers, pictures, shows_curve
from tui.widgets.fitted_curve import FittedCurve
from tui.widgets.layout import moved_the_panels

if TYPE_CHECKING:
    from tui.document.state import Document

# The curve is computed at this many x and drawn at the panel's width (FittedCurve resamples):
# finer than any terminal's dot columns, so a ReLU's bend is where the weights put it.
CURVE_POINTS = 400


def curve_applies(doc: Document) -> bool:
    """Whether the workbench shows the fitted curve: one input, one output, number targets."""
    trace = doc.trace
    return trace.error is None and shows_curve(doc.network, doc.inputs, doc.labels, trace.loss_name)


def paint_curve(plot: FittedCurve, doc: Document) -> None:
    """Show or hide ``plot`` for ``doc``, and draw it when shown."""
    shown = curve_applies(doc)
    if plot.display != shown:
        plot.display = shown
        plot.screen.set_class(shown, "-curve")  # a narrow screen gives its column rows (app.tcss)
        moved_the_panels(plot)
    if not shown:
        return
    assert doc.labels is not None
    frame = frame_for(doc.network, doc.inputs, doc.labels, doc.trace.loss_name)
    assert frame.curve_ranges is not None
    curve = pictures(network_layers(doc.network), frame, (0, 0), CURVE_POINTS)[1]
    x_range, y_range = frame.curve_ranges
    plot.show(doc.inputs[:, 0], doc.labels, curve, x_range, y_range, note="not computed")
