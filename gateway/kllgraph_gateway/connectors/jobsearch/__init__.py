"""JobTech JobSearch: current job ads from Platsbanken (agency-apis.md §1.1)."""

from . import api, models
from .source import SOURCE

__all__ = ["SOURCE", "api", "models"]
