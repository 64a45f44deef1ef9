"""What a session file holds: its format's name and version, its keys, and its limits.

Shared by the writer (tui.files.session_file) and the reader (tui.files.session_reading).
"""

from __future__ import annotations

import numpy as np

FORMAT = "nnwb"
# Version 2 added each layer's "dropout" and "regularizers", the top level's "loss", and
# labels that are float targets (a linear output's). Version 1 files read as before: they
# hold none of these, so every layer reads with no dropout and the loss is the output's own.
# "answers" ({task id: number}: the learner's answers to the ``answer`` tasks of the lesson
# open when the file was saved) came with version 2 and needs no new version: a file
# without it has no answers, and it is written only when there are some.
VERSION = 2
READS = (1, 2)
# The largest document the budgets allow (tui.document.limits) is about 14 M numbers: the
# weights budget plus inputs inside the activations budget. Written at most 24 characters
# and a separator each, that is under 370 MB; 384 MiB holds any document the workbench
# can make, and nothing larger is read (the size is checked before reading).
MAX_FILE_BYTES = 384 * 2**20
DTYPES: dict[str, np.dtype] = {"float64": np.dtype(np.float64), "float32": np.dtype(np.float32)}
TOP_KEYS = ("format", "version", "dtype", "preset", "selected_layer", "weights_view", "loss", "inputs", "labels", "layers",
            "training", "answers")
MAX_ANSWERS = 100  # a lesson has at most 20 tasks (tui.lessons.loader.MAX_TASKS); room to spare
MAX_ANSWER_ID = 40  # as a task's id (tui.lessons.loader.TASK_ID)
LAYER_KEYS = ("activation", "dropout", "init", "weights", "biases", "regularizers")
INIT_KEYS = ("seed", "scale")
# Each layer's regularisation strengths (the book's Layer_Dense keywords), by their key in a file.
REGULARIZER_KEYS = {
    "weight_l1": "weight_regularizer_l1",
    "weight_l2": "weight_regularizer_l2",
    "bias_l1": "bias_regularizer_l1",
    "bias_l2": "bias_regularizer_l2",
}
MAX_SEED = 2**32 - 1  # np.random.seed's range


class SessionFileError(ValueError):
    """A file that is not a session file nnwb can open; the message says what and where."""
