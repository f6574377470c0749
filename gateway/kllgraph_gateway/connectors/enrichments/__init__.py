"""JobTech JobAd Enrichments: free text to the occupations, competencies, traits and places it names
(career-switch-apis.md §4). Read for `matchExperience` only: the text is a person's, so nothing here is cached."""

from . import api, models
from .probe import probe
from .source import SOURCE

__all__ = ["SOURCE", "api", "models", "probe"]
