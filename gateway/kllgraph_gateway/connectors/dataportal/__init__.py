"""DIGG Sveriges dataportal: the EntryScape registry behind dataportal.se (agency-apis.md §7)."""

from . import api, models
from .probe import probe
from .source import SOURCE

__all__ = ["SOURCE", "api", "models", "probe"]
