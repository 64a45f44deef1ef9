"""The document as a NumPy script (engine.export), and files written whole or not at all.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from engine import NNFS_DTYPE, PRESETS
from engine.atomic_file import write_text_atomic
from engine.export import DATA_KINDS, ExportRefused, GeneratedData, numpy_script
from tui.document.state import Document
from tui.files.paths import utf8_path

__all__ = ["ExportRefused", "data_of", "document_script", "write_script"]


def data_of(training: Mapping[str, Any] | None) -> GeneratedData | None:
    """The generated data set the training settings name (spiral or vertical), if any."""
    if not training or training.get("data") not in DATA_KINDS:
        return None
    try:
        return GeneratedData(str(training["data"]), int(training["samples"]), int(training["classes"]),
                             int(training.get("seed") or 0))
    except (KeyError, TypeError, ValueError):
        return None  # settings without sizes: the batch is written as arrays


def document_script(document: Document, data: GeneratedData | None = None, filename: str = "network.py",
                    backward: bool = False) -> str:
    """The script of the document's network, batch and labels (with ``backward``, its gradients
    too); ExportRefused on a shape error."""
    preset = PRESETS.get(document.preset)
    title = f'A network from nnwb (it started as the example "{preset.title}")' if preset else "A network from nnwb"
    return numpy_script(document.network, document.inputs, document.labels, document.dtype == NNFS_DTYPE, data,
                        loss=document.loss, title=title, filename=filename, backward=backward)


def write_script(document: Document, path: str | os.PathLike[str], data: GeneratedData | None = None,
                 backward: bool = False) -> Path:
    """Write the script to ``path`` atomically; returns its absolute path."""
    target = Path(path).expanduser()
    # The name as the docstring shows it: a byte that is not UTF-8 as \xff (the script is UTF-8).
    write_text_atomic(target, document_script(document, data, utf8_path(target.name), backward))
    return target.resolve()
