"""The two number modes: float64 (default) and the book's reproducible nnfs mode.

``nnfs.init()`` seeds NumPy with 0, makes new arrays float32 and computes ``np.dot`` in
float64 before casting back to float32, so every machine prints the same digits. It does
this by replacing functions inside NumPy for the whole process, which a long-running app
(and a training thread) must not do. nnwb gets the same numbers without patching: arrays
carry their dtype, and ``matmul`` computes in float64 and returns the operands' dtype.

float64 is the default because learners type numbers like 0.2 and 4.8 and must read them
back unchanged; float32 would show 4.8000001. The nnfs mode is for reproducing the book's
and the notes' printed digits exactly.

A learner who pastes the book's code, ``nnfs.init()`` included, has asked for the book's
arithmetic: when nnfs has patched NumPy, the classes follow it (``default_dtype``), so
their weights are float32 as the book's are, and ``matmul`` still computes as nnfs's dot.
"""

from __future__ import annotations

import numpy as np

try:  # NumPy's own dot, which nnfs.init() leaves alone when it replaces np.dot
    from numpy._core.multiarray import dot as _numpy_dot
except ImportError:  # NumPy 1
    from numpy.core.multiarray import dot as _numpy_dot  # type: ignore[no-redef]

DEFAULT_DTYPE: np.dtype = np.dtype(np.float64)
NNFS_DTYPE: np.dtype = np.dtype(np.float32)


def nnfs_initialised() -> bool:
    """Whether ``nnfs.init()`` has run in this process: it replaces np.dot (and, with a
    default dtype, np.zeros and np.random.randn) by functions of its own module."""
    return any(getattr(f, "__module__", "").startswith("nnfs") for f in (np.dot, np.zeros, np.random.randn))


def default_dtype() -> np.dtype:
    """float64, or the dtype ``nnfs.init()`` made NumPy's default (float32 unless told otherwise)."""
    if nnfs_initialised():
        return np.dtype(np.zeros(1).dtype)  # nnfs's patched zeros answers with its default
    return DEFAULT_DTYPE


def nnfs_mode(seed: int = 0) -> np.dtype:
    """What ``nnfs.init()`` does, without touching NumPy: seed the global generator, return float32."""
    np.random.seed(seed)
    return NNFS_DTYPE


def matmul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``a @ b`` as nnfs's patched ``np.dot`` computes it: in float64, and returned in float32
    when either operand is float32 (the nnfs mode), else in the operands' common dtype.

    nnfs's dot returns float32 whatever it is given, so the book's float32 layers keep
    float32 outputs and weight gradients when a script hands them float64 arrays (chapter
    15's dropout mask, chapter 17's sine data). NumPy would promote float32 x float64 to
    float64, and the nnfs mode would then part from the book's digits.
    """
    if np.dot is not _numpy_dot:
        # nnfs.init() has patched NumPy (a learner's notebook): answer as its dot does, float32
        # whatever the operands (or as told by its dot_precision_workaround and default_dtype),
        # so float64 arrays typed into the book's code give the book's dtypes and digits.
        return np.dot(a, b)
    result_dtype = np.result_type(a, b)
    if a.dtype == NNFS_DTYPE or b.dtype == NNFS_DTYPE:
        result_dtype = NNFS_DTYPE
    if result_dtype == np.float64:
        return _numpy_dot(a, b)
    return _numpy_dot(a.astype(np.float64), b.astype(np.float64)).astype(result_dtype)


def randn(rows: int, columns: int, dtype: np.dtype | type | None = None) -> np.ndarray:
    """``np.random.randn`` from the global generator, as nnfs casts it in float32 mode."""
    return np.random.randn(rows, columns).astype(default_dtype() if dtype is None else dtype, copy=False)
