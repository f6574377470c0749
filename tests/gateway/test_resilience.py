"""The circuit breaker's state machine and the request budget."""

from __future__ import annotations

import time

from kllgraph_gateway._resilience import CircuitBreaker, RequestBudget


def _state(breaker: CircuitBreaker) -> str:
    return breaker.state  # read through a function: mypy narrows the attribute across calls otherwise


def test_breaker_opens_after_consecutive_failures_and_probes_once_half_open() -> None:
    breaker = CircuitBreaker(failure_threshold=3, reset_seconds=0.05)
    for _ in range(2):
        assert breaker.allow()
        breaker.failed()
    breaker.succeeded()  # a success in between resets the count
    for _ in range(3):
        assert breaker.allow()
        breaker.failed()
    assert breaker.state == "open" and not breaker.allow()
    time.sleep(0.06)
    assert breaker.allow()
    assert _state(breaker) == "half_open"
    assert not breaker.allow()  # one probe at a time
    breaker.failed()
    assert _state(breaker) == "open" and not breaker.allow()  # a failed probe opens it again
    time.sleep(0.06)
    assert breaker.allow()
    breaker.succeeded()
    assert _state(breaker) == "closed" and breaker.allow() and breaker.allow()


def test_a_probe_released_without_verdict_lets_the_next_one_through() -> None:
    breaker = CircuitBreaker(failure_threshold=1, reset_seconds=0.0)
    breaker.failed()
    assert breaker.allow() and not breaker.allow()
    breaker.released()
    assert breaker.allow()


def test_budget_counts_down() -> None:
    budget = RequestBudget.starting_now(10)
    assert 9 < budget.remaining() <= 10
    assert RequestBudget.starting_now(-1).remaining() < 0
