"""The one exception hierarchy of wallsense."""

from __future__ import annotations


class WallsenseError(Exception):
    """Base class of every error wallsense raises on purpose."""


class InputError(WallsenseError, ValueError):
    """The input is not a page wallsense can read (empty, binary, undecodable)."""


class ModelError(WallsenseError):
    """A model file is missing, corrupt, or does not match this version of wallsense."""


class PageTimeout(WallsenseError, TimeoutError):
    """Analysing one page took longer than the caller's ``timeout=``."""


class LabelFileError(WallsenseError):
    """A fixture label file cannot be parsed or does not fit its page."""
