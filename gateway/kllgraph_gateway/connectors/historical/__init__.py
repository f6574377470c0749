"""JobTech Historical ads: archived Platsbanken ads since 2006, searched like JobSearch (agency-apis.md §1.2)."""

from . import api, models
from .source import SOURCE

__all__ = ["SOURCE", "api", "models"]
