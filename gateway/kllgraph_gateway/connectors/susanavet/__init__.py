"""UHR / Susa-navet: the national catalogue of education descriptions, events and providers (agency-apis.md §5)."""

from . import api, models
from .probe import probe
from .source import SOURCE

__all__ = ["SOURCE", "api", "models", "probe"]
