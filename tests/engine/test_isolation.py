"""``python -m engine``: the tour prints the notes' numbers. (That the engine imports no UI is
one of the import contracts, held by tests.test_architecture.)"""

from __future__ import annotations

import subprocess
import sys


def test_tour_prints_the_notes_numbers() -> None:
    result = subprocess.run([sys.executable, "-m", "engine"], capture_output=True, text=True, check=True)
    for expected in ["= 2.3", "= 4.8", "[4.8, 1.21, 2.385]", "0.5031", "0.01075813", "0.33331734", "1.098445",
                     "accuracy 0.34", "0.35667494393873245", "2432", "2530", "[0.09, 0.24, 0.67]"]:
        assert expected in result.stdout
