"""What keeps one failing or slow upstream from taking a request, or the gateway, with it.

- `RequestBudget`: one GraphQL request's deadline, the stale answers it was served (for `extensions`), and which
  sources' answers it used and for how long they all stay fresh (for the whole-response cache). Created by the
  GraphQL context per request and handed to every upstream call the request makes (`Context.source`).
- `CircuitBreaker`: per source. After `failure_threshold` consecutive failures it opens: calls fail at once (or are
  answered stale) for `reset_seconds`; then one probe call is let through (half-open); its success closes it.

A breaker is a few lines of state; the libraries for it (pybreaker, aiobreaker, purgatory) either are sync-only,
unmaintained, or bring their own storage, so this small one is ours and its state is reported on /healthz and
/metrics.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Literal

__all__ = ["BreakerState", "CircuitBreaker", "RequestBudget", "StaleAnswer"]

BreakerState = Literal["closed", "open", "half_open"]


@dataclass(frozen=True, slots=True)
class StaleAnswer:
    """An expired cached answer served because its upstream failed (stale-if-error)."""

    source: str
    endpoint: str
    age_seconds: float
    error_code: str


@dataclass(slots=True)
class RequestBudget:
    """The time one request may spend upstream, what it was answered stale, and what upstream answers it used."""

    deadline: float  # time.monotonic() value past which no upstream call starts or waits
    stale: list[StaleAnswer] = field(default_factory=list)
    # Sources whose (cached or fetched) answers this request used, and the seconds until the first of them expires.
    sources_touched: set[str] = field(default_factory=set)
    fresh_for: float = float("inf")

    @classmethod
    def starting_now(cls, seconds: float) -> RequestBudget:
        return cls(deadline=time.monotonic() + seconds)

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def touched(self, source: str, fresh_for: float) -> None:
        """An upstream answer of `source` that stays fresh `fresh_for` more seconds went into this request."""
        self.sources_touched.add(source)
        self.fresh_for = min(self.fresh_for, fresh_for)


@dataclass(slots=True)
class CircuitBreaker:
    failure_threshold: int = 5
    reset_seconds: float = 30.0
    state: BreakerState = "closed"
    failures: int = 0
    opened_at: float = 0.0
    _probing: bool = False

    def allow(self) -> bool:
        """Whether a call may go upstream now (moves open → half-open once `reset_seconds` have passed)."""
        if self.state == "closed":
            return True
        if self.state == "open" and time.monotonic() - self.opened_at >= self.reset_seconds:
            self.state, self._probing = "half_open", False
        if self.state == "half_open" and not self._probing:
            self._probing = True  # exactly one probe at a time
            return True
        return False

    def retry_in(self) -> float:
        return max(0.0, self.reset_seconds - (time.monotonic() - self.opened_at))

    def succeeded(self) -> None:
        self.state, self.failures, self._probing = "closed", 0, False

    def failed(self) -> None:
        self.failures += 1
        if self.state == "half_open" or self.failures >= self.failure_threshold:
            self.state, self.opened_at, self._probing = "open", time.monotonic(), False

    def released(self) -> None:
        """A probe call ended without a verdict on the upstream's health (e.g. the client's deadline)."""
        self._probing = False
