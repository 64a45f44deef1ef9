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


class BookClass(type):
    """The metaclass of engine.book's classes: their ``help()`` is the book's methods."""

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

