"""Every error the SDK raises. Catch `KllgraphError` to handle them all.

```
KllgraphError                      every error carries `.request`, the httpx.Request it is about
├── APIConnectionError             the gateway could not be reached (refused, reset, DNS), after retries
│   └── APITimeoutError            connect, read, write or pool timeout, after retries
├── APIStatusError                 HTTP status outside 2xx, no GraphQL answer; `.status_code`, `.response`
├── GraphQLError                   the response carried `errors`; `.errors`, `.data` (partial), `.partial`
│   ├── UpstreamError              an agency's API failed (extensions.source set); `.sources`
│   ├── BadUserInputError          BAD_USER_INPUT: the gateway rejected an argument
│   └── NotFoundError              NOT_FOUND: kept for compatibility; the gateway no longer sends it
│                                  (an unknown id answers null, live and offline)
└── ResponseValidationError        the response had not the expected shape (pydantic error as `__cause__`)
```

Transport exceptions of httpx are mapped to these in one place, `_base_client._map_transport_error`; GraphQL
responses in one place, `_base_client._read_graphql_response`.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "BadUserInputError",
    "ComposedDataWarning",
    "GraphQLError",
    "GraphQLErrorDetail",
    "KllgraphError",
    "NotFoundError",
    "ResponseValidationError",
    "UpstreamError",
]

UPSTREAM_CODE_PREFIX = "UPSTREAM_"
BAD_USER_INPUT = "BAD_USER_INPUT"
NOT_FOUND = "NOT_FOUND"


class KllgraphError(Exception):
    """Base of all SDK errors."""

    def __init__(self, message: str, *, request: httpx.Request) -> None:
        super().__init__(message)
        self.message = message
        self.request = request


class APIConnectionError(KllgraphError):
    """The gateway could not be reached, even after the configured retries."""


class APITimeoutError(APIConnectionError):
    """The request timed out, even after the configured retries."""


class APIStatusError(KllgraphError):
    """The gateway answered with an HTTP status outside 2xx and no GraphQL `errors` to explain it."""

    def __init__(self, message: str, *, response: httpx.Response) -> None:
        super().__init__(message, request=response.request)
        self.response = response
        self.status_code = response.status_code


@dataclass(frozen=True)
class GraphQLErrorDetail:
    """One entry of a GraphQL response's `errors` list."""

    message: str
    path: tuple[str | int, ...] | None = None
    locations: tuple[tuple[int, int], ...] = ()
    # `extensions.code`, e.g. "UPSTREAM_UNAVAILABLE", "BAD_USER_INPUT", "NOT_FOUND".
    code: str | None = None
    # `extensions.source`: the agency API an upstream error comes from, e.g. "jobtech".
    source: str | None = None
    extensions: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, entry: object) -> "GraphQLErrorDetail":
        """Read one `errors` entry leniently: a malformed entry still becomes a readable detail."""
        if not isinstance(entry, Mapping):
            return cls(message=str(entry))
        raw_extensions = entry.get("extensions")
        extensions: Mapping[str, Any] = raw_extensions if isinstance(raw_extensions, Mapping) else {}
        raw_path = entry.get("path")
        path = (
            tuple(part for part in raw_path if isinstance(part, str | int))
            if isinstance(raw_path, Sequence) and not isinstance(raw_path, str)
            else None
        )
        raw_locations = entry.get("locations")
        locations = tuple(
            (int(location["line"]), int(location["column"]))
            for location in (raw_locations if isinstance(raw_locations, list) else [])
            if isinstance(location, Mapping) and "line" in location and "column" in location
        )
        code = extensions.get("code")
        source = extensions.get("source")
        return cls(
            message=str(entry.get("message", "")),
            path=path,
            locations=locations,
            code=code if isinstance(code, str) else None,
            source=source if isinstance(source, str) else None,
            extensions=extensions,
        )

    def __str__(self) -> str:
        text = self.message
        if self.code:
            text += f" [{self.code}]"
        if self.path:
            text += " at " + ".".join(str(part) for part in self.path)
        return text


class GraphQLError(KllgraphError):
    """The gateway answered with GraphQL `errors`.

    `.data` is the (possibly partial) `data` of the same response, `None` if there was none; `.partial` is
    that data validated into the operation's result model, `None` when it does not validate (typically
    because a field that failed is non-null in the schema); `.extensions` is the response's `extensions`.
    """

    def __init__(
        self,
        message: str,
        *,
        request: httpx.Request,
        response: httpx.Response | None,
        errors: Sequence[GraphQLErrorDetail],
        data: Mapping[str, Any] | None,
        extensions: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(message, request=request)
        self.response = response
        self.errors = list(errors)
        self.data = data
        self.extensions: Mapping[str, Any] = extensions or {}
        self.partial: Any = None

    @property
    def codes(self) -> list[str]:
        """The distinct `extensions.code` values, in order of appearance."""
        return list(dict.fromkeys(error.code for error in self.errors if error.code))


class UpstreamError(GraphQLError):
    """An agency's API behind the gateway failed; `.sources` names which ones."""

    @property
    def sources(self) -> list[str]:
        """The distinct `extensions.source` values of the upstream errors, in order of appearance."""
        return list(dict.fromkeys(error.source for error in self.errors if error.source and _is_upstream(error)))


class BadUserInputError(GraphQLError):
    """The gateway rejected an argument (`BAD_USER_INPUT`)."""


class NotFoundError(GraphQLError):
    """`NOT_FOUND`. The gateway does not send this code: lookups of unknown ids answer `null` (the README's rule for
    unknown ids). Kept so code written against older gateways still imports."""


class ResponseValidationError(KllgraphError):
    """The response is not a GraphQL response, or its `data` does not fit the result model.

    The pydantic `ValidationError`, if any, is the `__cause__`; `.data` is what failed to validate.
    """

    def __init__(
        self,
        message: str,
        *,
        request: httpx.Request,
        response: httpx.Response | None,
        data: object = None,
    ) -> None:
        super().__init__(message, request=request)
        self.response = response
        self.data = data


def _is_upstream(error: GraphQLErrorDetail) -> bool:
    # Every upstream failure names its source (SNAPSHOT_MISSING in offline mode included); codes say which kind.
    return bool(error.source) or (error.code or "").startswith(UPSTREAM_CODE_PREFIX)


def graphql_error_class(errors: Sequence[GraphQLErrorDetail]) -> type[GraphQLError]:
    """The most specific error class for a list of errors: the first error with a known code decides."""
    for error in errors:
        code = error.code or ""
        if _is_upstream(error):
            return UpstreamError
        if code == BAD_USER_INPUT:
            return BadUserInputError
        if code == NOT_FOUND:
            return NotFoundError
    return GraphQLError


class ComposedDataWarning(UserWarning):
    """Emitted once per client, the first time an answer comes from a composed offline snapshot
    (`extensions.kllgraph.snapshot.provenance == "composed"`): data in the agencies' shapes, not their answers.

    Silence it with `warnings.filterwarnings("ignore", category=kllgraph.ComposedDataWarning)`.
    """
