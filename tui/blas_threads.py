"""OpenBLAS's threads at start-up: one until the first frame, then as many as it would have made.

NumPy's wheels bundle OpenBLAS, which starts a thread per core when NumPy is imported, and
each new thread spins for about a tenth of a second waiting for work. At start-up there is
none (the first frame's matrices are a few numbers), but on a machine whose cores are busy
the spinning threads take the CPU from the one thread that is drawing the first frame:
nnwb's start-up was 1.6-1.9x a bare Textual app's with the cores shared, against 1.4x quiet.

So ``nnwb`` imports NumPy with ``OPENBLAS_NUM_THREADS=1`` (``import_single_threaded``), takes
the variable out of the environment again at once (processes started later, the training
process among them, get OpenBLAS's own default), and after the first frame gives OpenBLAS the
thread count it would have chosen itself, its number of processors (``restore``). Level-3
BLAS splits a product's rows and columns among threads, never the sums, so the numbers are
the same with one thread or several.

Nothing is changed when NumPy is loaded already, when the user set a thread count of their
own, or when NumPy does not bundle OpenBLAS where it can be found again (then the count could
not be given back).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

VARIABLE = "OPENBLAS_NUM_THREADS"
# OpenBLAS reads each of these at load: a count the user chose is theirs.
THREAD_VARIABLES = (VARIABLE, "GOTO_NUM_THREADS", "OMP_NUM_THREADS", "OPENBLAS_DEFAULT_NUM_THREADS")
# Where NumPy's wheels keep their libraries: numpy.libs beside the package (Linux, Windows), .dylibs inside it (macOS).
LIBRARY_FOLDERS = ("../numpy.libs", ".dylibs")
# The same functions under the names of the bundled build (64-bit integers) and of a plain one.
PREFIXES = ("scipy_openblas_", "openblas_")
SUFFIXES = ("64_", "")

_lowered: Path | None = None  # the library whose threads were lowered to one, until ``restore``


def bundled_openblas() -> Path | None:
    """NumPy's own OpenBLAS library, found without importing NumPy; None if there is none."""
    from importlib.util import find_spec

    spec = find_spec("numpy")
    if spec is None or not spec.submodule_search_locations:
        return None
    package = Path(next(iter(spec.submodule_search_locations)))
    for folder in LIBRARY_FOLDERS:
        try:
            found = sorted(name for name in os.listdir(package / folder) if "openblas" in name)
        except OSError:
            continue
        if found:
            return (package / folder / found[0]).resolve()
    return None


def import_single_threaded() -> None:
    """Import NumPy with OpenBLAS on one thread, until ``restore``: see the module's text."""
    global _lowered
    if "numpy" in sys.modules or any(name in os.environ for name in THREAD_VARIABLES):
        return
    library = bundled_openblas()
    if library is None:
        return
    os.environ[VARIABLE] = "1"
    try:
        import numpy  # noqa: F401  (OpenBLAS reads the variable as NumPy loads it)
    finally:
        del os.environ[VARIABLE]
    _lowered = library


def restore() -> None:
    """Give OpenBLAS the threads it would have started itself (one per processor it counts)."""
    global _lowered
    if _lowered is None:
        return
    library, _lowered = _lowered, None
    functions = _functions(library)
    if functions is not None:
        set_threads, _, processors = functions
        set_threads(processors())


def threads() -> int | None:
    """OpenBLAS's thread count now (None without NumPy's OpenBLAS): for tests and benchmarks."""
    library = bundled_openblas()
    functions = None if library is None else _functions(library)
    return None if functions is None else int(functions[1]())


def _functions(library: Path):  # type: ignore[no-untyped-def]
    """OpenBLAS's set_num_threads, get_num_threads and get_num_procs, or None."""
    import ctypes

    try:
        handle = ctypes.CDLL(str(library))  # loaded already by NumPy: the same library, not a second copy
    except OSError:
        return None
    for prefix in PREFIXES:
        for suffix in SUFFIXES:
            try:
                return tuple(getattr(handle, f"{prefix}{name}{suffix}")
                             for name in ("set_num_threads", "get_num_threads", "get_num_procs"))
            except AttributeError:
                continue
    return None
