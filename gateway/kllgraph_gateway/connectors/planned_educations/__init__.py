"""Skolverket Planned Educations v4: school units, education events, adult education events (agency-apis.md §2.3)."""

from . import api, models
from .probe import probe
from .source import SOURCE

__all__ = ["SOURCE", "api", "models", "probe"]
