"""Issue 20: ``help()`` of a book name is the book's: its signature, a short docstring, the
book's methods, and none of the engine's machinery (the book's help(Layer_Dense) is 25 lines)."""

from __future__ import annotations

import pydoc
import re

import pytest

import engine.book

NAMES = [name for name in engine.book.__all__ if name != "BookFileError"]
# Names of the engine's machinery that the book's classes do not have.
ENGINE_ONLY = ("from_arrays", "product", "set_regularizers", "regularized", "apply", "update_flat", "saved_state",
               "restore_state", "forward_with_mask", "settings", "reset", "clear_state", "n_inputs", "label")

METHOD = re.compile(r"^ \|  (\w+)\(self")


def help_text(name: str) -> str:
    return pydoc.render_doc(getattr(engine.book, name), renderer=pydoc.plaintext)


def test_help_on_layer_dense_starts_with_the_books_signature_and_is_short() -> None:
    lines = help_text("Layer_Dense").splitlines()
    assert lines[2] == "class Layer_Dense(engine.layers.Dense)"
    assert lines[3].startswith(" |  Layer_Dense(n_inputs: 'int', n_neurons: 'int', weight_regularizer_l1: 'float' = 0, ")
    assert lines[5] == " |  The book's dense layer: ``output = inputs @ weights + biases``."
    assert len(lines) <= 35
    methods = [match[1] for line in lines if (match := METHOD.match(line))]
    assert methods == ["__init__", "backward", "forward", "get_parameters", "set_parameters"]


@pytest.mark.parametrize("name", NAMES)
def test_help_on_every_book_name_lists_the_books_methods_only(name: str) -> None:
    text = help_text(name)
    assert len(text.splitlines()) <= 50, name  # the book's Model, the longest, is 46
    shown = {match[1] for line in text.splitlines() if (match := METHOD.match(line))}
    assert shown, name
    assert not shown & set(ENGINE_ONLY), name


def test_instances_keep_every_attribute_for_tab_completion() -> None:
    layer = engine.book.Layer_Dense(2, 3)
    assert {"from_arrays", "weights", "forward", "regularized"} <= set(dir(layer))
