"""The sign-in delays: free attempts, then doubling, capped; the client address's key."""

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.users.throttle import BY_ADDRESS, BY_NAME, MAX_DELAY, client_key


def test_delay_doubles_after_the_free_attempts():
    delays = [BY_NAME.delay(n).total_seconds() for n in range(7)]
    assert delays == [0, 0, 0, 1, 2, 4, 8]


def test_an_address_allows_more_failures_than_a_name():
    assert [BY_ADDRESS.delay(n).total_seconds() for n in (19, 20, 21)] == [0, 1, 2]


@pytest.mark.parametrize("throttle", [BY_NAME, BY_ADDRESS], ids=["name", "address"])
@given(failures=st.integers(min_value=0, max_value=10_000))
def test_delay_never_shrinks_and_never_exceeds_the_cap(throttle, failures):
    assert throttle.delay(failures) <= throttle.delay(failures + 1) <= MAX_DELAY
    assert (throttle.delay(failures) > timedelta(0)) == (failures >= throttle.free_attempts)


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("192.0.2.7", "192.0.2.7"),
        (" 192.0.2.7 ", "192.0.2.7"),
        ("::ffff:192.0.2.7", "192.0.2.7"),  # an IPv4 client seen through an IPv6 socket
        ("2001:db8:1:2::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff:ffff:ffff:9", "2001:db8:1:2::/64"),  # one machine's block
        ("2001:db8:1:3::1", "2001:db8:1:3::/64"),
        ("", None),
        (None, None),
        ("unix-socket", None),
    ],
)
def test_client_key_counts_an_ipv6_client_by_its_block(address, key):
    assert client_key(address) == key
