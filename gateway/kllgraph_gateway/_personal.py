"""A person's own text (`matchExperience(text:)`): the one input that is personal data, and where it may go.

The text is read from a POST body, checked, sent to JobAd Enrichments and JobEd Connect (in request bodies, never in
a URL) and dropped with the request. It is never:

    where                          how it is kept out
    logged                         no log line names it; access log lines carry no query string (`redact_access_log`)
    in an error message            errors about it say its length or what is wrong, never its content
    in the upstream cache          `SourceClient.post_private`: no cache, no single-flight key, no stale copy
    in the whole-answer cache      a document naming a personal field gets no cache key: never looked up or stored
    in persisted queries (APQ)     such a document is never registered
    in the document caches         parsed and validated without strawberry's and the limits' LRU caches
    in metrics                     labels are sources, endpoints, outcomes and limit names only
    sent over GET                  refused before parsing (a URL lands in access logs and browser history)
    kept by browsers or the SDK    the answer says `Cache-Control: no-store`, which the SDK's cache honours

A document "names a personal field" when its text contains the field's name anywhere: a cheap test before parsing
that errs on the side of not caching (a comment naming it is enough). `tests/gateway/test_personal_text.py` proves
each row with a canary phrase.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Final

__all__ = [
    "PERSONAL_TEXT_ARGUMENTS",
    "PERSONAL_TEXT_FIELDS",
    "PersonalText",
    "names_personal_field",
    "redact_access_log",
]

# Root fields that take a person's text, and those arguments as (type, field, argument).
PERSONAL_TEXT_FIELDS: Final = frozenset({"matchExperience"})
PERSONAL_TEXT_ARGUMENTS: Final = frozenset({("Query", "matchExperience", "text")})


def names_personal_field(document: str | None) -> bool:
    """Whether a GraphQL document's text names a field that takes a person's text."""
    return document is not None and any(name in document for name in PERSONAL_TEXT_FIELDS)


@dataclass(frozen=True, slots=True)
class PersonalText:
    """A person's text while a request holds it: its repr says only its length, so no log line, traceback or
    debugger view of an object holding it shows the words."""

    value: str = field(repr=False)

    def __repr__(self) -> str:
        return f"<personal text, {len(self.value)} characters>"

    __str__ = __repr__


class _NoQueryString(logging.Filter):
    """Drops the query string from uvicorn's access log lines: a GraphQL GET's query can hold anything a client
    typed, so the line keeps the path only (`GET /graphql?… 405`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        # uvicorn.access logs '%s - "%s %s HTTP/%s" %d' with (client, method, path with query, version, status).
        if isinstance(args, tuple) and len(args) == 5 and isinstance(args[2], str) and "?" in args[2]:
            record.args = (args[0], args[1], args[2].split("?", 1)[0] + "?…", args[3], args[4])
        return True


def redact_access_log() -> None:
    """Install the filter on uvicorn's access logger, once per process."""
    logger = logging.getLogger("uvicorn.access")
    if not any(isinstance(existing, _NoQueryString) for existing in logger.filters):
        logger.addFilter(_NoQueryString())
