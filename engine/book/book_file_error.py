"""The error of a file engine.book cannot load, in a module of its own: ``from engine.book
import *`` exports it without importing the saving code (JSON, zip files), which only
``Model.save`` and its kin need."""


class BookFileError(ValueError):
    """A file that engine.book cannot load, and why."""
