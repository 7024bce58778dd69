"""A retry's pause: the first, then twice as long after each failure in a row, up to the most."""

from __future__ import annotations

from bot.domain.calendar import Backoff


def test_a_pause_doubles_after_each_failure_up_to_the_most() -> None:
    assert [Backoff(1.0, 60.0).after(n) for n in range(1, 9)] == [1, 2, 4, 8, 16, 32, 60, 60]


def test_without_a_most_it_keeps_doubling() -> None:
    assert [Backoff(0.25).after(n) for n in range(1, 5)] == [0.25, 0.5, 1.0, 2.0]
