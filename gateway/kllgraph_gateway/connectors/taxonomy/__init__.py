"""JobTech Taxonomy: occupations, SSYK 2012, geography and the other concept types (agency-apis.md §1.3)."""

from . import api, models
from .probe import probe
from .source import SOURCE

__all__ = ["SOURCE", "api", "models", "probe"]
