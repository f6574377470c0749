"""Skolverket Syllabus API v1: subjects, courses and upper-secondary programmes (agency-apis.md §2.1)."""

from . import api, models
from .probe import probe
from .source import SOURCE

__all__ = ["SOURCE", "api", "models", "probe"]
