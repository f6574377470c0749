"""Skolverket Syllabus API v1: subjects, courses and upper-secondary programmes (agency-apis.md §2.1)."""

from . import api, models
from .source import SOURCE

__all__ = ["SOURCE", "api", "models"]
