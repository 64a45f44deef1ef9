"""A state folder of the benchmark's own for every app it runs.

The app autosaves after changes into ``$XDG_STATE_HOME/nnwb``; a benchmark's run must not
land in the user's folder, whose next nnwb would then offer the benchmark's network. Set in
the environment, the folder also reaches the apps a benchmark starts in subprocesses.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def private_state() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="nnwb-state-") as folder:
        before = os.environ.get("XDG_STATE_HOME")
        os.environ["XDG_STATE_HOME"] = folder
        try:
            yield folder
        finally:
            if before is None:
                del os.environ["XDG_STATE_HOME"]
            else:
                os.environ["XDG_STATE_HOME"] = before
