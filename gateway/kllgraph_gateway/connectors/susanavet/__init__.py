"""UHR / Susa-navet emil3: the national catalogue of education events, infos and providers (agency-apis.md §5)."""

from . import api, models
from .probe import probe
from .source import SOURCE

__all__ = ["SOURCE", "api", "models", "probe"]
