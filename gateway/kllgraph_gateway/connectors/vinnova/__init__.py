"""Vinnova öppna data: funded projects and calls for proposals (agency-apis.md §8)."""

from . import api, models
from .probe import probe
from .source import SOURCE

__all__ = ["SOURCE", "api", "models", "probe"]
