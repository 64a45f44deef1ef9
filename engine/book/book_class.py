"""What ``help()`` shows of a book name: the book's methods, not the engine's machinery.

``pydoc`` lists every name ``dir(cls)`` gives, inherited ones included, so ``help(Layer_Dense)``
would show ``Dense``'s ``from_arrays``, ``product``, ``regularized``... beside the five
methods the book's class has. ``BookClass`` is the book names' metaclass: ``dir`` of the
class (not of its instances, which keep every attribute for tab completion) gives only the
names engine.book's own classes define, and those a class lists in ``book_inherited``
(the book's methods that the engine's class implements, such as a loss's ``forward``),
less those it lists in ``engine_only`` (an override the engine's class calls).
"""

from __future__ import annotations

import inspect

# What a pass sets. The engine's classes start them at None; the book's have none until a
# pass sets them, so a notebook cell run out of order fails as the book's does, with
# AttributeError: 'Layer_Dense' object has no attribute 'output', not a shape or None error.
SET_BY_A_PASS = ("inputs", "output", "dinputs", "dweights", "dbiases", "binary_mask")


class BookClass(type):
    """The metaclass of engine.book's classes: their ``help()`` is the book's methods, and a
    new object has none of ``SET_BY_A_PASS`` until a pass sets it."""

    def __init__(cls, name: str, bases: tuple[type, ...], namespace: dict[str, object]) -> None:
        super().__init__(name, bases, namespace)
        # The engine's classes declare some at class level (None): hidden here by an
        # attribute that is missing until the object has its own (no cost once it does).
        for attribute in SET_BY_A_PASS:
            declared = any(attribute in vars(klass) for klass in cls.__mro__)  # dir(cls) is the book's only
            if attribute not in namespace and declared and getattr(cls, attribute) is None:
                setattr(cls, attribute, _UntilAPassSetsIt(attribute))

    def __call__(cls, *args: object, **kwargs: object) -> object:
        return without_a_pass(super().__call__(*args, **kwargs))

    @property
    def __signature__(cls) -> inspect.Signature:
        # help() and inspect would otherwise show this ``__call__``'s (*args, **kwargs).
        init = cls.__init__  # type: ignore[misc]  # the class's own, read on the class
        if init is object.__init__:
            return inspect.Signature()  # no arguments: help() shows no signature line, as before
        signature = inspect.signature(init)
        return signature.replace(parameters=list(signature.parameters.values())[1:])


    def __dir__(cls) -> list[str]:
        names: set[str] = set()
        for klass in cls.__mro__:
            if klass.__module__.startswith("engine.book"):
                names.update(name for name, value in vars(klass).items() if _shown(name, value))
                names.update(getattr(klass, "book_inherited", ()))
        hidden = set(getattr(cls, "engine_only", ()))
        return sorted(names - hidden)


def _shown(name: str, value: object) -> bool:
    """The methods (and properties) a reader calls: not the class's data or private helpers."""
    if not (callable(value) or isinstance(value, (classmethod, staticmethod, property))):
        return False
    return name == "__init__" or not name.startswith("_")


def without_a_pass(made: object) -> object:
    """``made`` without the ``SET_BY_A_PASS`` attributes its engine class set to None."""
    state = getattr(made, "__dict__", {})
    for name in SET_BY_A_PASS:
        if name in state and state[name] is None:
            del state[name]
    return made


class _UntilAPassSetsIt:
    """A missing attribute until the object sets its own: the book's AttributeError."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, instance: object, owner: type | None = None) -> object:
        if instance is None:
            return self
        raise AttributeError(f"{type(instance).__name__!r} object has no attribute {self.name!r}")
