"""Vetenskapsrådet SweCRIS: Swedish research funding, projects and organisations (agency-apis.md §4)."""

from . import api, models
from .probe import probe
from .source import SOURCE

__all__ = ["SOURCE", "api", "models", "probe"]
