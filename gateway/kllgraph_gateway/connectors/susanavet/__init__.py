"""UHR / Susa-navet: the national catalogue of education descriptions, events and providers (agency-apis.md §5)."""

from . import api, models
from .source import SOURCE

__all__ = ["SOURCE", "api", "models"]
