"""JobTech JobSearch: current job ads from Platsbanken (agency-apis.md §1.1)."""

from . import api, models
from .probe import probe
from .source import SOURCE

__all__ = ["SOURCE", "api", "models", "probe"]
