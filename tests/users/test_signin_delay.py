"""The sign-in delay: free attempts, then doubling, capped."""

from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from planner.users.throttle import FREE_ATTEMPTS, MAX_DELAY, signin_delay


def test_delay_doubles_after_the_free_attempts():
    delays = [signin_delay(n).total_seconds() for n in range(7)]
    assert delays == [0, 0, 0, 1, 2, 4, 8]


@given(st.integers(min_value=0, max_value=10_000))
def test_delay_never_shrinks_and_never_exceeds_the_cap(failures):
    assert signin_delay(failures) <= signin_delay(failures + 1) <= MAX_DELAY
    assert (signin_delay(failures) > timedelta(0)) == (failures >= FREE_ATTEMPTS)
