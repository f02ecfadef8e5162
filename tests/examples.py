"""How many examples a property test tries: all of them in ``make test`` and CI, a few in
``make test-fast``.

The edit loop wants an answer in a minute and a half; a property test that posts 200
generated targets to the sign-in page or feeds twelve generated calendars to three
calendar engines is most of a minute alone. ``make test-fast`` sets
``PLANNER_TEST_FAST=1`` and each such test tries its own smaller number (its known
tricks, given with ``@example``, are tried either way); ``make test`` tries them all.
"""

import os

FAST = os.environ.get("PLANNER_TEST_FAST") == "1"


def examples_to_try(full: int, fast: int) -> int:
    """``full`` examples, or ``fast`` in the edit loop."""
    return fast if FAST else full
