"""The engine never imports the UI: checked in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys


def test_engine_imports_no_ui() -> None:
    code = (
        "import sys, engine, engine.explain, engine.__main__, engine.training, engine.optimizers,"
        " engine.gradcheck, engine.fused, engine.flat, engine.boundary, engine.updates, engine.export\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'tui'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_tour_prints_the_notes_numbers() -> None:
    result = subprocess.run([sys.executable, "-m", "engine"], capture_output=True, text=True, check=True)
    for expected in ["= 2.3", "= 4.8", "[4.8, 1.21, 2.385]", "0.5031", "0.01075813", "0.33331734", "1.098445",
                     "accuracy 0.34", "0.35667494393873245", "2432", "2530", "[0.09, 0.24, 0.67]"]:
        assert expected in result.stdout
