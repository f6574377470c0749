"""JobTech JobEd Connect: matches between educations (Susa-navet) and occupations (agency-apis.md §1.4)."""

from . import api, models
from .probe import probe
from .source import SOURCE

__all__ = ["SOURCE", "api", "models", "probe"]
