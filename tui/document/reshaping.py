"""Reshaping a layer, and which weight row each incoming value meets meanwhile.

A layer's weight rows meet the values coming into it (the features, or the neurons of
the layer before). When a feature or neuron is removed or added, the shapes disagree
until the user fixes them; ``incoming_rows`` remembers which row each value met, so that
the fix (and a resize meanwhile) removes the row of the removed value, not the last one,
and a new value takes the place a removed one left.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tui.document.changes import LayerState, dense_with
from tui.document.core import DocumentCore, EditRefused, drawn
from tui.document.name_lists import named


class Reshaping(DocumentCore):
    """Resizing a layer, removing one of its inputs or neurons, and tracking incoming rows."""

    def resize_layer(self, index: int, n_inputs: int, n_neurons: int) -> str:
        """New sizes for a layer: values that still fit are kept; new ones are drawn.

        A new weight is the value the layer's own initialisation (its seed and scale, see
        ``reinitialise``) draws at that position; a new bias is 0, as the book starts them.
        New rows and neurons go at the end, unless removed ones left a place (a value that
        meets no row, a row that no neuron feeds): they fill it first. Returns where they
        went when that is not the end ("" then).
        """
        # Checked before anything proportional to the sizes is built: a size typed with a
        # zero too many must be refused, not allocated (or overflow) first.
        self._check(layers={index: (n_inputs, n_neurons)})
        old_inputs, old_neurons = self.network.steps[index].dense.weights.shape
        rows: list[int | None] = [*range(min(old_inputs, n_inputs)), *[None] * (n_inputs - old_inputs)]
        columns: list[int | None] = [*range(min(old_neurons, n_neurons)), *[None] * (n_neurons - old_neurons)]
        meets = self._meets(index)
        # New rows first take the places of removed ones (R), so each value meets its own row.
        filled = fill_holes(meets, old_inputs, n_inputs) if meets is not None else None
        met_after: tuple[int | None, ...] = ()  # what each incoming value meets once the holes are filled
        if filled is not None:
            rows, met_after = filled
        # New neurons first take the places of removed ones (C), whose rows in the next layer wait.
        placed: dict[int, int] = {}
        if n_neurons > old_neurons:
            slots = self._free_rows(index + 1)[: n_neurons - old_neurons]
            columns = [*range(old_neurons), *[None] * (n_neurons - old_neurons - len(slots))]
            for at, _ in reversed(slots):
                columns.insert(at, None)
            # Inserted right to left: the k-th slot (by position) ends k places further on.
            placed = {at + k: row for k, (at, row) in enumerate(slots)}
        self._reshape_layer(index, rows, columns)
        if self.incoming_rows is not None and self.incoming_rows[0] == index:
            self.incoming_rows = None if filled is None else (index, met_after)
        if n_neurons != old_neurons:
            self._track_incoming(index + 1, old_neurons, columns, placed)
        self._changed()
        said = []
        # A hole after every kept row is where a plain resize puts the row anyway: the value
        # there is new (``c`` then ``r``), not one whose row was removed; nothing to say.
        last_kept = max((i for i, r in enumerate(rows) if r is not None), default=-1)
        holes = [i for i, r in enumerate(rows) if r is None and i < last_kept] if filled is not None else []
        if holes:
            names = named("i", holes, "rows")
            several = len(holes) > 1
            said.append(f"new weight row{'s' if several else ''} {names} put where the removed one{'s were' if several else ' was'}, "
                        "so every input keeps meeting its own row")
        if placed:
            names = named("n", list(placed), "neurons")
            rows_next = named("i", list(placed.values()), "rows")
            several = len(placed) > 1
            said.append(f"new neuron{'s' if several else ''} {names} put where the removed one{'s were' if several else ' was'}: "
                        f"layer {index + 2}'s weight row{'s' if several else ''} {rows_next} meet{'' if several else 's'} it")
        return "; ".join(said)

    def remove_layer_input(self, index: int, row: int) -> None:
        """Remove one weight row (one input) of a layer: the one at ``row``."""
        rows, columns = self.network.steps[index].dense.weights.shape
        if rows <= 1:
            raise EditRefused("a layer needs at least 1 input")
        row = min(max(row, 0), rows - 1)
        meets = self._meets(index)
        self._reshape_layer(index, [r for r in range(rows) if r != row], list(range(columns)))
        if meets is None:
            if self.incoming_rows is not None and self.incoming_rows[0] == index:
                self.incoming_rows = None
        else:
            # The value that met the removed row now meets none (the fix draws one there);
            # the rows after it moved up by one.
            self.incoming_rows = (index, tuple(None if m is None or m == row else m - (m > row) for m in meets))
        self._changed()

    def remove_layer_neuron(self, index: int, column: int) -> None:
        """Remove one neuron of a layer (a weight column and its bias): the one at ``column``."""
        n_inputs, n_neurons = self.network.steps[index].dense.weights.shape
        if n_neurons <= 1:
            raise EditRefused("a layer needs at least 1 neuron")
        column = min(max(column, 0), n_neurons - 1)
        kept = [c for c in range(n_neurons) if c != column]
        self._reshape_layer(index, list(range(n_inputs)), kept)
        self._track_incoming(index + 1, n_neurons, kept)
        self._changed()

    def _reshape_layer(self, index: int, rows: Sequence[int | None], columns: Sequence[int | None]) -> None:
        """Layer ``index`` gets weight row i from old row ``rows[i]`` and column j from
        ``columns[j]``; None means new: drawn by the layer's initialisation (bias 0)."""
        step = self.network.steps[index]
        old_w, old_b = step.dense.weights, step.dense.biases.reshape(-1)
        self._check(layers={index: (len(rows), len(columns))})
        if None in rows or None in columns:
            new = drawn(len(rows), len(columns), self.inits[index], self.dtype)
            weights = new.weights.astype(old_w.dtype, copy=False)
        else:
            weights = np.empty((len(rows), len(columns)), dtype=old_w.dtype)  # every value is kept
        biases = np.zeros((1, len(columns)), dtype=old_b.dtype)
        keep_rows = [(i, r) for i, r in enumerate(rows) if r is not None and r < old_w.shape[0]]
        keep_columns = [(j, c) for j, c in enumerate(columns) if c is not None and c < old_w.shape[1]]
        if keep_rows and keep_columns:
            new_r, old_r = zip(*keep_rows)
            new_c, old_c = zip(*keep_columns)
            weights[np.ix_(new_r, new_c)] = old_w[np.ix_(old_r, old_c)]
        kept_biases = [(j, c) for j, c in enumerate(columns) if c is not None and c < old_b.size]
        if kept_biases:
            new_c, old_c = zip(*kept_biases)
            biases[0, list(new_c)] = old_b[list(old_c)]
        self._record(layers={index: LayerState.of(step, arrays=True)})
        step.dense = dense_with(step.dense, weights, biases)

    def _track_incoming(
        self, consumer: int, before: int, kept: Sequence[int | None], placed: dict[int, int] | None = None
    ) -> None:
        """The ``before`` values coming into layer ``consumer`` changed: the value now at i
        was at ``kept[i]`` (None: new; a new one at i meets row ``placed[i]`` if given).
        Remember which of its weight rows each one meets."""
        if consumer >= len(self.network):
            return
        n_rows = self.network.steps[consumer].dense.weights.shape[0]
        if self.incoming_rows is not None and self.incoming_rows[0] == consumer and len(self.incoming_rows[1]) == before:
            rows = self.incoming_rows[1]
        elif before == n_rows:
            rows = tuple(range(before))
        else:
            self.incoming_rows = None  # they did not agree before: which row meets which is unknown
            return
        placed = placed or {}
        self.incoming_rows = (consumer, tuple(placed.get(i) if k is None else rows[k] for i, k in enumerate(kept)))

    def _place_incoming(self, consumer: int, before: int, at: int, row: int | None) -> None:
        """One new value was inserted at ``at`` among the ``before`` coming into ``consumer``."""
        kept: list[int | None] = [*range(at), None, *range(at, before)]
        self._track_incoming(consumer, before, kept, None if row is None else {at: row})

    def _meets(self, consumer: int) -> tuple[int | None, ...] | None:
        """Which weight row of layer ``consumer`` each incoming value meets, if known."""
        if consumer >= len(self.network):
            return None
        if self.incoming_rows is not None and self.incoming_rows[0] == consumer:
            if len(self.incoming_rows[1]) == self._incoming(consumer):
                return self.incoming_rows[1]
            return None
        n_rows = self.network.steps[consumer].dense.weights.shape[0]
        return tuple(range(n_rows)) if self._incoming(consumer) == n_rows else None

    def _free_row(self, consumer: int) -> tuple[int, int] | None:
        """(position, row): where a new incoming value of layer ``consumer`` goes to meet a
        weight row that no value meets (its value was removed); None if every row is met."""
        slots = self._free_rows(consumer)
        return slots[0] if slots else None

    def _free_rows(self, consumer: int) -> list[tuple[int, int]]:
        """Every (position, row) as in ``_free_row``, by position among the current values."""
        if consumer >= len(self.network) or self.incoming_rows is None or self.incoming_rows[0] != consumer:
            return []
        meets = self.incoming_rows[1]
        n_rows = self.network.steps[consumer].dense.weights.shape[0]
        free = sorted(set(range(n_rows)) - {m for m in meets if m is not None})
        # After the last value meeting an earlier row: where the removed value was.
        return [(max((i + 1 for i, m in enumerate(meets) if m is not None and m < row), default=0), row) for row in free]

    def _fit_inputs(self, index: int, incoming: int) -> str:
        """Layer ``index`` takes ``incoming`` values: each keeps the weight row it met before
        (the row of a removed feature or neuron goes with it); a new one gets a drawn row."""
        n_rows, n_neurons = self.network.steps[index].dense.weights.shape
        pending = self.incoming_rows
        if pending is not None and pending[0] == index and len(pending[1]) == incoming:
            rows: list[int | None] = list(pending[1])
        else:  # nothing known: keep the first rows, as a resize does
            rows = [*range(min(n_rows, incoming)), *[None] * (incoming - n_rows)]
        self._reshape_layer(index, rows, list(range(n_neurons)))
        self.incoming_rows = None
        self.selected = index
        self._changed()
        dropped = sorted(set(range(n_rows)) - {r for r in rows if r is not None})
        said = [f"layer {index + 1} now takes {incoming} inputs"]
        if dropped:
            names, plural = named("i", dropped, "rows"), "s" if len(dropped) > 1 else ""
            said.append(f"removed weight row{plural} {names} (of the removed input{plural})")
        new = [i for i, r in enumerate(rows) if r is None]
        if new:
            init = self.inits[index]
            names, plural = named("i", new, "rows"), "s" if len(new) > 1 else ""
            said.append(f"new row{plural} {names} drawn with seed {init.seed}, scale {init.scale:g}")
        return "; ".join(said)


def fill_holes(
    meets: tuple[int | None, ...], old_rows: int, new_rows: int
) -> tuple[list[int | None], tuple[int | None, ...]] | None:
    """Growing a layer from ``old_rows`` to ``new_rows`` weight rows while some incoming
    values meet no row (``meets`` holds None: their rows were removed): the new rows go
    there first, the rest at the end. Returns (the rows' layout, what each value now meets),
    or None when there is no hole to fill or some row is met by no value."""
    if None not in meets or new_rows <= old_rows or {m for m in meets if m is not None} != set(range(old_rows)):
        return None
    extra = new_rows - old_rows
    layout: list[int | None] = []
    now: list[int | None] = []
    for m in meets:
        if m is None and extra == 0:
            now.append(None)
            continue
        if m is None:
            extra -= 1
        now.append(len(layout))
        layout.append(m)
    layout.extend([None] * extra)
    return layout, tuple(now)
