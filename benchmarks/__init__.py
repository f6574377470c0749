"""Benchmarks that print figures; targets are read off, not asserted (tests assert behaviour, not time)."""
