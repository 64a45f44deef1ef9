"""Step mode: the forward pass one stage of one layer at a time."""

from __future__ import annotations

from tui.document.core import STAGES, DocumentCore, StepPosition


class Stepping(DocumentCore):
    """Where step mode is (``step``: a StepPosition, None outside it) and moving it."""

    def start_stepping(self) -> None:
        self.step = StepPosition(0, 0)
        self.selected = 0
        self.version += 1

    def stop_stepping(self) -> None:
        self.step = None
        self.version += 1

    def step_forward(self) -> bool:
        """One stage on; False at the end of the network."""
        if self.step is None:
            self.start_stepping()
            return True
        last_layer = len(self.trace.records) - 1
        layer, stage = self.step.layer, self.step.stage
        if stage < len(STAGES) - 1:
            self.step = StepPosition(layer, stage + 1)
        elif layer < last_layer:
            self.step = StepPosition(layer + 1, 0)
        else:
            return False
        self.selected = self.step.layer
        self.version += 1
        return True

    def step_back(self) -> bool:
        if self.step is None or (self.step.layer, self.step.stage) == (0, 0):
            return False
        layer, stage = self.step.layer, self.step.stage
        self.step = StepPosition(layer, stage - 1) if stage > 0 else StepPosition(layer - 1, len(STAGES) - 1)
        self.selected = self.step.layer
        self.version += 1
        return True

    def computed(self, layer: int, stage: int) -> bool:
        """Whether step mode has reached (layer, stage); everything is computed outside it."""
        if self.step is None:
            return True
        return (layer, stage) <= (self.step.layer, self.step.stage)
