"""Skolverket Skolenhetsregistret v2: school units and their organisers (huvudmän) (agency-apis.md §2.2)."""

from . import api, models
from .probe import probe
from .source import SOURCE

__all__ = ["SOURCE", "api", "models", "probe"]
