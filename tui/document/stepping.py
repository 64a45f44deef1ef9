"""Step mode: the forward pass one stage of one layer at a time, then the backward pass.

The walk (``walk``) is every position in order: each layer's four forward stages, then,
when the pass has a loss to differentiate (``Document.backward``), the loss, its gradient,
and each layer's backward stages from the last layer to the first.
"""

from __future__ import annotations

from tui.document.core import ALL_STAGES, STAGES, DocumentCore, StepPosition

_STAGE = {name: index for index, name in enumerate(ALL_STAGES)}


class Stepping(DocumentCore):
    """Where step mode is (``step``: a StepPosition, None outside it) and moving it."""

    def start_stepping(self) -> None:
        self.step = StepPosition(0, 0)
        self.selected = 0
        self._moved_no_number()

    def stop_stepping(self) -> None:
        self.step = None
        self._moved_no_number()

    def walk(self) -> list[StepPosition]:
        """Every position step mode can be at, in the order ``n`` visits them."""
        layers = self._last_forward().layer + 1
        positions = [StepPosition(layer, stage) for layer in range(layers) for stage in range(len(STAGES))]
        backward = self.backward
        if backward is None:
            return positions
        last = len(self.network) - 1
        positions += [StepPosition(last, _STAGE["loss"]), StepPosition(last, _STAGE["dvalues"])]
        for gradients in reversed(backward.layers):
            index = gradients.layer - 1
            names = []
            if gradients.mask is not None and not gradients.fused:
                names.append("dropout")
            if not gradients.fused and gradients.activation != "linear":
                names.append("dz")
            names += ["dweights", "dbiases"]
            if gradients.regularized:
                names.append("regularization")
            names.append("dinputs")
            positions += [StepPosition(index, _STAGE[name]) for name in names]
        return positions

    def _moved_to(self, position: StepPosition) -> None:
        self.step = position
        self.selected = position.layer
        self._moved_no_number()

    def step_forward(self) -> bool:
        """One stage on; False at the end of the walk (the forward pass's end when there is no loss)."""
        if self.step is None:
            self.start_stepping()
            return True
        if not self.step.backward and self.step != self._last_forward():
            # Inside the forward pass the next stage needs no gradients (computing them for
            # every n would cost a backward pass of the largest documents each time).
            layer, stage = self.step
            self._moved_to(StepPosition(layer, stage + 1) if stage + 1 < len(STAGES) else StepPosition(layer + 1, 0))
            return True
        walk = self.walk()
        at = walk.index(self.step) if self.step in walk else len(walk) - 1
        if at + 1 >= len(walk):
            return False
        self._moved_to(walk[at + 1])
        return True

    def step_back(self) -> bool:
        if self.step is None or (self.step.layer, self.step.stage) == (0, 0):
            return False
        if not self.step.backward:
            layer, stage = self.step
            self._moved_to(StepPosition(layer, stage - 1) if stage > 0 else StepPosition(layer - 1, len(STAGES) - 1))
            return True
        walk = self.walk()
        at = walk.index(self.step) if self.step in walk else len(walk)
        self._moved_to(walk[max(at - 1, 0)])
        return True

    def _last_forward(self) -> StepPosition:
        """The forward pass's last stage: the last layer's activation, or, when a layer's shapes do
        not fit, the last layer that computed (the first layer's, when none did)."""
        return StepPosition(max(len(self.trace.records), 1) - 1, len(STAGES) - 1)

    def _step_after_change(self) -> None:
        """After an edit, an undo or a layer selected: a backward position the new walk no
        longer has (the labels went, the loss is gone, a layer lost its dropout or its
        regularisation) moves to the nearest stage the walk has: the same layer's stage before
        it, or the forward pass's end. In the backward pass the stage follows the selected
        layer (``]``, a click, a layer added): its own stage of the same name, or its first."""
        if self.step is None or not self.step.backward:
            return
        walk = self.walk()
        if self.step not in walk:
            same_layer = self._layer_stages(walk, self.step.layer)
            before = [p for p in same_layer if p.stage <= self.step.stage]
            self.step = before[-1] if before else (same_layer[0] if same_layer else self._last_forward())
            self.selected = self.step.layer
            self.left_backward = not self.step.backward
        if self.step.backward and self.step.layer != self.selected:
            chosen = self._layer_stages(walk, self.selected)
            named = [p for p in chosen if p.stage == self.step.stage]
            if chosen:
                self.step = named[0] if named else chosen[0]

    @staticmethod
    def _layer_stages(walk: list[StepPosition], layer: int) -> list[StepPosition]:
        """A layer's own backward stages (not the loss's, which belong to the last layer)."""
        return [p for p in walk if p.backward and p.layer == layer and p.stage > _STAGE["dvalues"]]

    def computed(self, layer: int, stage: int) -> bool:
        """Whether step mode has reached the forward stage (layer, stage); everything is
        computed outside it, and the whole forward pass once the walk is in the backward pass."""
        if self.step is None or self.step.backward:
            return True
        return (layer, stage) <= (self.step.layer, self.step.stage)

    def reached(self, position: StepPosition) -> bool:
        """Whether step mode has come to ``position`` (any stage, forward or backward) yet."""
        if self.step is None:
            return position.stage < len(STAGES)
        walk = self.walk()
        if position not in walk or self.step not in walk:
            return False
        return walk.index(position) <= walk.index(self.step)

