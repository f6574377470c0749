"""JobTech JobEd Connect: matches between educations (Susa-navet) and occupations (agency-apis.md §1.4)."""

from . import api, models
from .source import SOURCE

__all__ = ["SOURCE", "api", "models"]
