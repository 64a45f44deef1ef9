"""``python -m engine``: a short tour that prints the notes' examples as the notes print them."""

from __future__ import annotations

import numpy as np

from engine.datasets import PRESETS, load_preset
from engine.explain import layer_by_loops, neuron_sum, sample_loss, softmax_stages
from engine.network import parameter_counts
from engine.numbers import format_number, format_row


def tour() -> str:
    lines: list[str] = ["nnwb engine tour: the notes' examples, computed", ""]
    single = neuron_sum([1.0, 2.0, 3.0], [0.2, 0.8, -0.5], 2.0)
    lines += ["A single neuron", f"  {single.text()}", ""]
    four = neuron_sum([1.0, 2.0, 3.0, 2.5], [0.2, 0.8, -0.5, 1.0], 2.0)
    lines += ["A neuron with 4 inputs", f"  {four.text()}", ""]
    loops = layer_by_loops(
        [1.0, 2.0, 3.0, 2.5],
        [[0.2, 0.8, -0.5, 1.0], [0.5, -0.91, 0.26, -0.5], [-0.26, -0.27, 0.17, 0.87]],
        [2.0, 3.0, 0.5],
    )
    lines += ["A layer of 3 neurons, by loop-and-zip", f"  {format_row(loops)}", ""]
    for name, preset in PRESETS.items():
        example = load_preset(name)
        trace = example.network.forward_trace(example.inputs, example.labels)
        lines.append(f"{preset.title}  (--preset {name})")
        lines.append(f"  {preset.description}")
        for record in trace.records:
            if record.output.shape[1] > 8:
                lines.append(f"  layer {record.layer} output {record.output.shape}: too wide to print here")
                continue
            shown = record.output[:5]
            with np.printoptions(precision=8, suppress=False):
                text = np.array2string(shown, prefix="    ")
            more = f"  ... {len(record.output)} rows" if len(record.output) > 5 else ""
            lines.append(f"  layer {record.layer} output {record.output.shape}{more}:")
            lines.append("    " + text)
        if trace.error is not None:
            lines.append("  shape error:")
            lines += ["    " + line for line in trace.error.text.splitlines()]
        if trace.loss is not None:
            lines.append(f"  loss {format_number(trace.loss, 7)}, accuracy {format_number(trace.accuracy or 0, 4)}")
        lines.append("")
    stages = softmax_stages([1.0, 2.0, 3.0])
    lines += [
        "Softmax of [1, 2, 3]: exponentiate, then normalise",
        f"  exp(x - {format_number(stages.maximum)}) = {format_row(stages.exponentiated, 4)}",
        f"  / {format_number(stages.total, 4)} = {format_row(stages.normalised, 2)}",
        "",
    ]
    loss = sample_loss([0.7, 0.1, 0.2], 0)
    lines += ["Loss of prediction [0.7, 0.1, 0.2] for label 0", f"  -log({loss.confidence}) = {loss.loss!r}", ""]
    weights, biases, total = parameter_counts([10, 32, 32, 32, 2])
    lines += [
        "Parameters of 10-32-32-32-2",
        f"  weights {weights}, biases {biases}, total {total}",
        "  (the notes say 108 biases and 2540: they give the 10 inputs a bias too; inputs have none)",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(tour())
