"""Typed gateway errors and the codes they carry to GraphQL clients.

    GatewayError                      extensions.code
    ├── BadUserInput                  BAD_USER_INPUT
    └── UpstreamError                 (always carries extensions.source = the source name)
        ├── UpstreamUnavailable       UPSTREAM_UNAVAILABLE   connection refused, 5xx, 429 after retries
        ├── UpstreamTimeout           UPSTREAM_TIMEOUT
        ├── UpstreamUnauthorized      UPSTREAM_UNAUTHORIZED  the source needs a token and none is set, or it
        │                                                    answered 401/403; the message names the setting
        ├── UpstreamRejected          UPSTREAM_REJECTED      upstream answered another 4xx to a request we built
        ├── UpstreamBadPayload        UPSTREAM_BAD_PAYLOAD   the payload failed validation against our models
        └── SnapshotMissing           SNAPSHOT_MISSING       offline mode: no recording for this request

Unknown ids are not errors: a nullable by-id lookup answers null when the upstream answers 404, and offline when
the snapshot holds no recording of that by-id request (the snapshot then does not know the id). Only a failing
upstream (or, offline, a missing recording of a list or search request) gives an error.

Upstream failures are turned into these in exactly one place (`_upstream.Upstream._send`); resolvers only raise
them, and the `ErrorExtensions` schema extension writes `code`/`source` into the GraphQL error.
Messages never contain credentials: URLs in messages are built from the source's base URL and path only.
"""

from __future__ import annotations

__all__ = [
    "BadUserInput",
    "GatewayError",
    "SnapshotMissing",
    "UpstreamBadPayload",
    "UpstreamError",
    "UpstreamRejected",
    "UpstreamTimeout",
    "UpstreamUnauthorized",
    "UpstreamUnavailable",
]


class GatewayError(Exception):
    code = "INTERNAL_SERVER_ERROR"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    @property
    def extensions(self) -> dict[str, object]:
        return {"code": self.code}


class BadUserInput(GatewayError):
    code = "BAD_USER_INPUT"

    def __init__(self, message: str, *, argument: str | None = None) -> None:
        super().__init__(message)
        self.argument = argument

    @property
    def extensions(self) -> dict[str, object]:
        ext = super().extensions
        if self.argument is not None:
            ext["argument"] = self.argument
        return ext


class UpstreamError(GatewayError):
    code = "UPSTREAM_ERROR"

    def __init__(self, source: str, message: str, *, status: int | None = None) -> None:
        super().__init__(f"{source}: {message}")
        self.source = source
        self.status = status

    @property
    def extensions(self) -> dict[str, object]:
        ext = super().extensions
        ext["source"] = self.source
        if self.status is not None:
            ext["upstreamStatus"] = self.status
        return ext


class UpstreamUnavailable(UpstreamError):
    code = "UPSTREAM_UNAVAILABLE"


class UpstreamTimeout(UpstreamError):
    code = "UPSTREAM_TIMEOUT"


class UpstreamUnauthorized(UpstreamError):
    code = "UPSTREAM_UNAUTHORIZED"


class UpstreamRejected(UpstreamError):
    code = "UPSTREAM_REJECTED"


class UpstreamBadPayload(UpstreamError):
    code = "UPSTREAM_BAD_PAYLOAD"


class SnapshotMissing(UpstreamError):
    code = "SNAPSHOT_MISSING"
