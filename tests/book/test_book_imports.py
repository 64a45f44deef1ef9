"""Issue 19: ``from engine.book import *`` costs a chapter script little more than the book's
own imports (numpy, nnfs): it loads the modules the book's classes stand on, not the
workbench's presets, network, training or the saving code (JSON, zip files), which load
when first used. The time itself is measured by ``benchmarks/book_chapter_files.py --imports``."""

from __future__ import annotations

import json
import subprocess
import sys

import engine

# What a chapter script does not need until it saves a model or builds a workbench network.
NOT_AT_IMPORT = ["engine.datasets", "engine.network", "engine.training", "engine.book.saving", "json", "numpy.typing"]


def loaded_by(statement: str) -> set[str]:
    """The modules ``statement`` loads after numpy and nnfs, in a fresh interpreter."""
    code = (
        "import sys, json\nimport numpy, nnfs\nfrom nnfs.datasets import spiral_data\n"
        "before = set(sys.modules)\n"
        f"{statement}\n"
        "print(json.dumps(sorted(set(sys.modules) - before)))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(json.loads(result.stdout))


def test_the_star_import_loads_only_what_the_books_classes_stand_on() -> None:
    loaded = loaded_by("from engine.book import *")
    assert "engine.layers" in loaded
    assert not loaded & set(NOT_AT_IMPORT), sorted(loaded & set(NOT_AT_IMPORT))


def test_saving_loads_when_first_used(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "model.npz"
    loaded = loaded_by(
        "from engine.book import *\nmodel = Model()\nmodel.add(Layer_Dense(2, 3))\n"
        "model.set(loss=Loss_CategoricalCrossentropy(), optimizer=Optimizer_SGD())\nmodel.finalize()\n"
        f"model.save({str(path)!r})"
    )
    assert "engine.book.saving" in loaded
    assert path.exists()


def test_every_name_of_the_engine_is_found_where_its_table_says() -> None:
    for name in engine.__all__:
        value = getattr(engine, name)
        module = sys.modules[engine._LAZY[name]]
        assert value is getattr(module, name), name
    assert set(engine._LAZY) == set(engine.__all__)
