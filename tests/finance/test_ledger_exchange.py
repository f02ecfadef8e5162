"""Exchange differences, one example at a time (pure: no database).

A pledge counts at its own rate, a payment at its own (what arrived); what a payment
settled is worth one amount at the pledge's rate and another at the payment's, and the
difference is the pledge's exchange loss or gain. These examples pin how a payment's
value is shared among the pledges it settles and how each pledge's difference is kept
apart (a loss on one pledge does not cancel a gain on another), through the ledger's
public result: the party's figures and the payments' credit. Each checks the identity

    pledged - outstanding = paid - credit + exchange loss - exchange gain
"""

from datetime import date

from tests.finance.test_ledger_examples import DAY, D, payment, pledge, replay, row

SECOND = date(2020, 1, 2)  # the later pledge: due on the same day, settled after the first


def euro_pledges(*rates: str) -> list:
    """EUR 10.00 pledges of party 1 at these rates, settled in this order."""
    return [
        pledge(index, "10.00", currency="EUR", rate=rate, pledged_on=date(2020, 1, index))
        for index, rate in enumerate(rates, start=1)
    ]


def assert_identity(figures) -> None:
    settled = figures.pledged - figures.outstanding
    assert settled == figures.paid - figures.credit + figures.exchange_loss - figures.exchange_gain


def test_a_loss_on_one_pledge_and_a_gain_on_another_are_both_shown():
    """EUR 25.00 at 1.0833 (USD 27.08) settles EUR 10.00 valued at 1.20 and EUR 10.00
    valued at 1.00, EUR 5.00 left as credit (USD 5.42): the first pledge settled USD 12.00
    with USD 10.83, the second USD 10.00 with USD 10.83 (the allocated USD 21.66 shared by
    the running total, the last pledge taking the cent the parts' rounding left over)."""
    figures = row(
        euro_pledges("1.20", "1.00"), [payment(1, "25.00", currency="EUR", rate="1.0833")]
    )
    assert (figures.pledged, figures.outstanding) == (D("22.00"), D("0.00"))
    assert (figures.paid, figures.credit) == (D("27.08"), D("5.42"))
    assert (figures.exchange_loss, figures.exchange_gain) == (D("1.17"), D("0.83"))
    assert_identity(figures)


def test_losses_on_several_pledges_add_up_a_partly_paid_one_counting_what_it_settled():
    """EUR 14.00 at 1.10 (USD 15.40) pays the first EUR 10.00 pledge (valued USD 12.00 at
    1.20) with USD 11.00 and EUR 4.00 of the second with USD 4.40, whose settled part is
    worth USD 12.00 - 7.20 outstanding = 4.80: losses of USD 1.00 and 0.40."""
    figures = row(euro_pledges("1.20", "1.20"), [payment(1, "14.00", currency="EUR", rate="1.10")])
    assert (figures.pledged, figures.outstanding) == (D("24.00"), D("7.20"))
    assert (figures.paid, figures.credit) == (D("15.40"), D("0.00"))
    assert (figures.exchange_loss, figures.exchange_gain) == (D("1.40"), D("0.00"))
    assert_identity(figures)


def test_gains_on_several_pledges_add_up():
    """The same payment against pledges valued at 1.00: USD 11.00 settles USD 10.00, USD
    4.40 settles USD 4.00: gains of USD 1.00 and 0.40."""
    figures = row(euro_pledges("1.00", "1.00"), [payment(1, "14.00", currency="EUR", rate="1.10")])
    assert (figures.pledged, figures.outstanding) == (D("20.00"), D("6.00"))
    assert (figures.exchange_loss, figures.exchange_gain) == (D("0.00"), D("1.40"))
    assert_identity(figures)


def test_a_payment_shared_by_three_pledges_rounds_its_running_total():
    """EUR 10.00 at 1.0015 (USD 10.02 arrived) in parts of EUR 3.33, 3.33 and 3.34: each
    part rounded alone would be USD 3.33 + 3.33 + 3.35 = 10.01 and lose a cent; the running
    total gives 3.33, 3.34 (6.66 -> 6.67), 3.35. The first pledge is valued at 1.10 (USD
    3.66: a loss of 0.33), the others at the payment's rate (USD 3.33 and 3.35): the second
    shows a gain of 0.01 that is only its share's rounding, the third none."""
    pledges = [
        pledge(index, amount, pledged_on=date(2020, 1, index), currency="EUR", rate=rate)
        for index, (amount, rate) in enumerate(
            (("3.33", "1.10"), ("3.33", "1.0015"), ("3.34", "1.0015")), start=1
        )
    ]
    payments = [payment(1, "10.00", currency="EUR", rate="1.0015")]
    ledger = replay(pledges, payments, DAY, "USD")
    assert [a.pledge_amount for a in ledger.payments[1].allocations] == [
        D("3.33"),
        D("3.33"),
        D("3.34"),
    ]
    figures = row(pledges, payments)
    assert (figures.paid, figures.pledged) == (D("10.02"), D("10.34"))
    assert (figures.exchange_loss, figures.exchange_gain) == (D("0.33"), D("0.01"))
    assert_identity(figures)


def test_a_payment_used_up_by_the_first_pledge_leaves_a_credit_of_zero():
    """A payment that exactly pays the earliest pledge has nothing left for the next one:
    its credit is zero (``payment list`` shows it), and the next pledge stays unpaid."""
    pledges = [pledge(1, "10.00"), pledge(2, "10.00", pledged_on=SECOND)]
    ledger = replay(pledges, [payment(1, "10.00")], DAY, "USD")
    assert ledger.payments[1].credit == D("0.00")
    assert ledger.pledges[2].paid == D("0")


def test_the_last_share_of_a_payment_with_credit_takes_the_leftover_cent():
    """EUR 25.00 at 1.0833 (USD 27.08) over EUR 5.00 at 1.00, 5.00 at 1.20 and 10.00 at
    1.00, EUR 5.00 left as credit (USD 5.42): the allocated USD 21.66 is shared by the
    running total as 5.42, 5.41 and 10.84 - 0.01, the cent the parts' rounding left over
    going to the last pledge. Gains of 0.42 and 0.83, a loss of 0.59."""
    pledges = [
        pledge(index, amount, currency="EUR", rate=rate, pledged_on=date(2020, 1, index))
        for index, (amount, rate) in enumerate(
            (("5.00", "1.00"), ("5.00", "1.20"), ("10.00", "1.00")), start=1
        )
    ]
    figures = row(pledges, [payment(1, "25.00", currency="EUR", rate="1.0833")])
    assert (figures.pledged, figures.paid, figures.credit) == (D("21.00"), D("27.08"), D("5.42"))
    assert (figures.exchange_loss, figures.exchange_gain) == (D("0.59"), D("1.25"))
    assert_identity(figures)


def test_a_pledge_settled_by_several_payments_counts_what_each_brought():
    """Four EUR 10.00 pledges valued at 1.20 (USD 12.00 each). EUR 15.00 at 1.10 (USD
    16.50) pays the first (11.00) and half the second (5.50); EUR 15.00 at 1.00 the second's
    other half (5.00) and the third (10.00); EUR 5.00 at 1.10 and EUR 5.00 at 1.00, one
    payment each, the fourth (5.50 + 5.00). Losses of 1.00, 1.50, 2.00 and 1.50."""
    pledges = euro_pledges("1.20", "1.20", "1.20", "1.20")
    payments = [
        payment(1, "15.00", currency="EUR", rate="1.10"),
        payment(2, "15.00", currency="EUR", rate="1.00"),
        payment(3, "5.00", currency="EUR", rate="1.10"),
        payment(4, "5.00", currency="EUR", rate="1.00"),
    ]
    figures = row(pledges, payments)
    assert (figures.pledged, figures.outstanding) == (D("48.00"), D("0.00"))
    assert (figures.paid, figures.credit) == (D("42.00"), D("0.00"))
    assert (figures.exchange_loss, figures.exchange_gain) == (D("6.00"), D("0.00"))
    assert_identity(figures)
