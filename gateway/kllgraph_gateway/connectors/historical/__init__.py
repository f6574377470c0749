"""JobTech Historical ads: archived Platsbanken ads since 2006, searched like JobSearch (agency-apis.md §1.2)."""

from . import api, models
from .probe import probe
from .source import SOURCE

__all__ = ["SOURCE", "api", "models", "probe"]
