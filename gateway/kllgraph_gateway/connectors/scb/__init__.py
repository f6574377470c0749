"""SCB Statistikdatabasen through PxWebApi 2.0: tables, metadata and JSON-stat2 data (agency-apis.md §6.2)."""

from . import api, jsonstat, models
from .probe import probe
from .source import SOURCE

__all__ = ["SOURCE", "api", "jsonstat", "models", "probe"]
