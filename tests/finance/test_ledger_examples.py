"""The ledger's rules one example at a time, at their boundaries (pure: no database).

Each example pins one rule that a property test would only find by luck: an entry dated
exactly on the as-of date, exactly 1/30/31/90/91/180/181 days late, half-even rounding,
ties in the allocation order, tiny amounts and the status words they give. The same
boundaries through the real operations and both databases: ``test_ledger_rules.py``.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from planner.finance.ledger import PaymentEntry, PledgeEntry, party_figures, replay

D = Decimal
DAY = date(2020, 3, 31)
LATER = DAY + timedelta(days=1)


def pledge(pledge_id=1, amount="10.00", due=DAY, *, schedule=None, **values):
    values.setdefault("party_id", 1)
    values.setdefault("currency", "USD")
    values.setdefault("pledged_on", date(2020, 1, 1))
    return PledgeEntry(
        id=pledge_id,
        amount=D(amount),
        rate=D(values.pop("rate", "1")),
        schedule=[(day, D(part)) for day, part in schedule] if schedule else [(due, D(amount))],
        **values,
    )


def payment(payment_id=1, amount="10.00", received=DAY, **values):
    values.setdefault("party_id", 1)
    values.setdefault("currency", "USD")
    return PaymentEntry(
        id=payment_id,
        amount=D(amount),
        rate=D(values.pop("rate", "1")),
        received_on=received,
        **values,
    )


def spent(ledger, payment_id=1):
    state = ledger.payments[payment_id]
    return [(a.pledge_id, a.payment_amount, a.pledge_amount) for a in state.allocations]


def row(pledges, payments, as_of=DAY, reporting="USD", party=1):
    return party_figures(replay(pledges, payments, as_of, reporting))[party]


# --- what is in effect on the as-of date --------------------------------------------------


def test_entries_dated_on_the_as_of_date_count_and_later_ones_do_not():
    pledges = [pledge(1, pledged_on=DAY), pledge(2, pledged_on=LATER)]
    payments = [payment(1, "4.00", DAY), payment(2, "3.00", LATER)]
    ledger = replay(pledges, payments, DAY, "USD")
    assert (set(ledger.pledges), set(ledger.payments)) == ({1}, {1})
    assert ledger.pledges[1].paid == D("4.00")
    assert replay(pledges, payments, DAY - timedelta(days=1), "USD").pledges == {}


def test_a_void_takes_effect_on_its_own_date():
    pledges = [pledge(1, voided_on=DAY), pledge(2, due=LATER, voided_on=LATER)]
    payments = [payment(1, "1.00", voided_on=DAY), payment(2, "2.00", voided_on=LATER)]
    ledger = replay(pledges, payments, DAY, "USD")
    assert (set(ledger.pledges), set(ledger.payments)) == ({2}, {2})
    assert spent(ledger, 2) == [(2, D("2.00"), D("2.00"))]


def test_a_cancellation_counts_from_its_date_and_refuses_payments_received_that_day():
    cancelled = pledge(1, cancelled_on=DAY)
    before = payment(1, "4.00", DAY - timedelta(days=1))
    on_the_day = payment(2, "3.00", DAY)
    ledger = replay([cancelled], [before, on_the_day], DAY, "USD")
    state = ledger.pledges[1]
    assert (state.status, state.cancelled, state.paid, state.outstanding) == (
        "cancelled", True, D("4.00"), 0,
    )  # fmt: skip
    assert (state.overdue, state.aging) == (0, {})
    assert spent(ledger, 2) == [] and ledger.payments[2].credit == D("3.00")
    figures = row([cancelled], [before, on_the_day])
    assert (figures.pledged, figures.outstanding, figures.paid, figures.credit) == (
        D("4.00"), 0, D("7.00"), D("3.00"),
    )  # fmt: skip
    assert figures.status == "overpaid"

    day_before = replay([cancelled], [before], DAY - timedelta(days=1), "USD").pledges[1]
    assert (day_before.status, day_before.cancelled, day_before.outstanding) == (
        "partially paid", False, D("6.00"),
    )  # fmt: skip
    assert day_before.entry.cancelled_on is None and cancelled.cancelled_on == DAY


def test_an_explicit_payment_to_a_cancelled_pledge_is_an_overpayment_of_it():
    ledger = replay([pledge(cancelled_on=DAY)], [payment(pledge_id=1)], DAY, "USD")
    assert spent(ledger) == [] and ledger.payments[1].credit == D("10.00")
    assert ledger.pledges[1].status == "cancelled"


# --- days late and aging -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("days_late", "bucket"),
    [(1, "1-30"), (30, "1-30"), (31, "31-90"), (90, "31-90"), (91, "91-180"),
     (180, "91-180"), (181, "over-180"), (400, "over-180")],
)  # fmt: skip
def test_days_late_fall_in_their_aging_bucket(days_late, bucket):
    as_of = DAY + timedelta(days=days_late)
    state = replay([pledge()], [payment(amount="2.50")], as_of, "USD").pledges[1]
    assert (state.status, state.overdue, state.overdue_since) == ("overdue", D("7.50"), DAY)
    expected = {"1-30": 0, "31-90": 0, "91-180": 0, "over-180": 0, bucket: D("7.50")}
    assert state.aging == expected
    figures = row([pledge()], [payment(amount="2.50")], as_of)
    assert (figures.overdue, figures.aging, figures.status) == (D("7.50"), expected, "overdue")


def test_due_on_the_as_of_date_is_not_yet_late():
    state = replay([pledge()], [], DAY, "USD").pledges[1]
    assert (state.status, state.overdue, state.overdue_since) == ("pending", 0, None)
    assert state.aging == {"1-30": 0, "31-90": 0, "91-180": 0, "over-180": 0}
    assert row([pledge()], []).status == "pending"


def test_an_instalment_plan_whose_first_instalment_was_paid_is_late_from_the_second():
    plan = pledge(amount="3000", schedule=[(DAY, "1000"), (DAY + timedelta(days=91), "2000")])
    as_of = DAY + timedelta(days=91 + 15)
    state = replay([plan], [payment(amount="1000", received=DAY)], as_of, "USD").pledges[1]
    assert (state.status, state.overdue, state.overdue_since) == (
        "overdue", D(2000), DAY + timedelta(days=91),
    )  # fmt: skip
    assert state.aging == {"1-30": D(2000), "31-90": 0, "91-180": 0, "over-180": 0}


def test_an_instalment_plan_partly_paid_ages_each_unpaid_instalment_on_its_own():
    plan = pledge(amount="3000", schedule=[(DAY, "1000"), (DAY + timedelta(days=91), "2000")])
    as_of = DAY + timedelta(days=91 + 15)
    state = replay([plan], [payment(amount="400", received=DAY)], as_of, "USD").pledges[1]
    assert (state.status, state.overdue, state.overdue_since) == ("overdue", D(2600), DAY)
    assert state.aging == {"1-30": D(2000), "31-90": 0, "91-180": D(600), "over-180": 0}
    assert state.outstanding == D(2600)


def test_aging_buckets_add_up_to_the_overdue_value_after_conversion():
    """Each bucket is the difference of rounded running totals, so no cent is lost or made."""
    plan = pledge(
        amount="0.10", currency="EUR", rate="1.1037",
        schedule=[(DAY, "0.05"), (DAY + timedelta(days=60), "0.05")],
    )  # fmt: skip
    figures = row([plan], [], DAY + timedelta(days=100))
    # 0.05 EUR is 0.055185 USD: rounded bucket by bucket that would be 0.06 + 0.06.
    assert figures.aging == {"1-30": 0, "31-90": D("0.06"), "91-180": D("0.05"), "over-180": 0}
    assert figures.overdue == figures.outstanding == figures.pledged == D("0.11")


# --- allocation order --------------------------------------------------------------------


def test_default_allocation_follows_the_due_date_not_the_pledge_date():
    made_earlier_due_later = pledge(1, "5.00", date(2020, 9, 30), pledged_on=date(2020, 1, 1))
    made_later_due_earlier = pledge(2, "5.00", date(2020, 6, 30), pledged_on=date(2020, 2, 1))
    ledger = replay([made_earlier_due_later, made_later_due_earlier], [payment(amount="7.00")],
                    DAY, "USD")  # fmt: skip
    assert spent(ledger) == [(2, D("5.00"), D("5.00")), (1, D("2.00"), D("2.00"))]
    assert (ledger.pledges[2].status, ledger.pledges[1].status) == ("paid", "partially paid")


def test_same_due_date_goes_to_the_earlier_pledge_then_the_lower_id():
    first_made = pledge(3, "5.00", pledged_on=date(2020, 1, 1))
    tie_low_id = pledge(1, "5.00", pledged_on=date(2020, 2, 1))
    tie_high_id = pledge(2, "5.00", pledged_on=date(2020, 2, 1))
    ledger = replay([tie_high_id, tie_low_id, first_made], [payment(amount="12.00")], DAY, "USD")
    assert spent(ledger) == [(3, D(5), D(5)), (1, D(5), D(5)), (2, D(2), D(2))]


def test_an_instalment_plan_is_due_from_its_first_instalment():
    plan = pledge(1, "6.00", schedule=[(date(2020, 2, 1), "3.00"), (date(2020, 12, 1), "3.00")])
    single = pledge(2, "5.00", date(2020, 6, 30))
    ledger = replay([single, plan], [payment(amount="1.00")], DAY, "USD")
    assert spent(ledger) == [(1, D(1), D(1))]


def test_payments_settle_in_the_order_received_then_by_id():
    pledges = [pledge(1, "5.00", date(2020, 1, 31)), pledge(2, "5.00", date(2020, 2, 28))]
    payments = [
        payment(3, "5.00", date(2020, 3, 2)),
        payment(2, "5.00", date(2020, 3, 1)),
        payment(1, "5.00", date(2020, 3, 2)),
    ]
    ledger = replay(pledges, payments, DAY, "USD")
    assert [spent(ledger, n) for n in (2, 1, 3)] == [
        [(1, D(5), D(5))], [(2, D(5), D(5))], [],
    ]  # fmt: skip
    assert ledger.payments[3].credit == D(5)


def test_a_payment_only_settles_pledges_of_its_own_party():
    theirs = pledge(1, party_id=2)
    ours = pledge(2, "3.00", due=LATER)
    aimed_at_theirs = payment(1, "4.00", pledge_id=1)
    ledger = replay([theirs, ours], [aimed_at_theirs], DAY, "USD")
    assert spent(ledger) == [(2, D(3), D(3))] and ledger.payments[1].credit == D(1)
    assert ledger.pledges[1].overpaid == 0 and ledger.pledges[1].paid == 0


def test_a_later_payment_skips_a_settled_pledge():
    pledges = [pledge(1, "5.00", date(2020, 1, 31)), pledge(2, "5.00", date(2020, 2, 28))]
    payments = [payment(1, "5.00", date(2020, 3, 1)), payment(2, "2.00", date(2020, 3, 2))]
    ledger = replay(pledges, payments, DAY, "USD")
    assert spent(ledger, 2) == [(2, D(2), D(2))]


def test_an_aimed_payment_fills_its_pledge_and_the_rest_is_an_overpayment_of_it():
    pledges = [pledge(1, "5.00", date(2020, 1, 31)), pledge(2, "5.00", date(2020, 2, 28))]
    aimed = payment(1, "6.50", pledge_id=2, rate="1")
    ledger = replay(pledges, [aimed], DAY, "USD")
    assert spent(ledger) == [(2, D(5), D(5))] and ledger.payments[1].credit == D("1.50")
    assert (ledger.pledges[2].overpaid, ledger.pledges[2].status) == (D("1.50"), "overpaid")
    assert (ledger.pledges[1].paid, ledger.pledges[1].status) == (0, "overdue")
    again = replay(pledges, [aimed, payment(2, "1.00", pledge_id=2)], DAY, "USD")
    assert again.pledges[2].overpaid == D("2.50") and spent(again, 2) == []


def test_an_overpayment_is_valued_at_the_payment_rate_in_the_reporting_currency():
    aimed = payment(amount="12.00", currency="EUR", rate="1.1037", pledge_id=1)
    ledger = replay([pledge(amount="10.00", currency="EUR", rate="1.2")], [aimed], DAY, "USD")
    assert ledger.pledges[1].overpaid == D("2.21")  # 2.00 EUR x 1.1037 = 2.2074
    assert ledger.payments[1].credit == D("2.00")


# --- conversion and rounding -------------------------------------------------------------


@pytest.mark.parametrize(
    ("paid", "settled"), [("0.25", "0.12"), ("0.35", "0.18"), ("0.27", "0.14")]
)
def test_conversion_between_currencies_rounds_half_even(paid, settled):
    """0.25 USD at 2 USD per EUR is 0.125 EUR: half-even gives 0.12, 0.175 gives 0.18."""
    euro = pledge(amount="100.00", currency="EUR", rate="2")
    ledger = replay([euro], [payment(amount=paid)], DAY, "USD")
    assert spent(ledger) == [(1, D(paid), D(settled))] and ledger.payments[1].credit == 0


def test_covering_a_need_takes_the_payment_units_rounded_up():
    """1.00 EUR at 1.1037 is 1.1037 USD: covering it takes 1.11 USD, not 1.10."""
    euro = pledge(amount="1.00", currency="EUR", rate="1.1037")
    ledger = replay([euro], [payment(amount="5.00")], DAY, "USD")
    assert spent(ledger) == [(1, D("1.11"), D("1.00"))] and ledger.payments[1].credit == D("3.89")


def test_covering_a_need_never_takes_more_than_the_payment():
    """1.10 USD is 0.99665 EUR, which rounds to the whole 1.00 EUR need: the payment is used up."""
    euro = pledge(amount="1.00", currency="EUR", rate="1.1037")
    ledger = replay([euro], [payment(amount="1.10")], DAY, "USD")
    assert spent(ledger) == [(1, D("1.10"), D("1.00"))] and ledger.payments[1].credit == 0


def test_a_payment_worth_exactly_the_need_in_the_pledge_currency_keeps_its_finer_change():
    """1000.001 KWD at 0.1 JPY each is 100.0001 JPY, exactly the 100 JPY need once rounded:
    the need takes 1000.000 KWD and the 0.001 KWD left is credit, not swallowed."""
    yen = pledge(amount="100", currency="JPY", rate="1")
    ledger = replay([yen], [payment(amount="1000.001", currency="KWD", rate="0.1")], DAY, "JPY")
    assert spent(ledger) == [(1, D("1000.000"), D("100"))]
    assert ledger.payments[1].credit == D("0.001")


def test_a_payment_worth_less_than_one_unit_of_the_pledge_currency_stays_credit():
    ledger = replay([pledge()], [payment(amount="0.004", currency="KWD", rate="1")], DAY, "USD")
    assert spent(ledger) == [] and ledger.payments[1].credit == D("0.004")
    assert ledger.pledges[1].status == "pending"


def test_a_partial_payment_in_another_currency_is_used_up():
    euro = pledge(amount="100.00", currency="EUR", rate="1.1")
    ledger = replay([euro], [payment(amount="55.00", currency="USD")], DAY, "USD")
    assert spent(ledger) == [(1, D("55.00"), D("50.00"))] and ledger.payments[1].credit == 0


def test_the_largest_amounts_at_the_largest_rates_stay_exact():
    """Just under the stored limits (10**12 for amounts, 10**8 for rates) a value in cents
    passes 2**53, where a float would round it: the replay stays in integers."""
    amount, rate = "987654321987.65", "12345.6789012345"
    big = pledge(amount=amount, currency="EUR", rate=rate)
    figures = row([big], [payment(amount=amount, currency="EUR", rate=rate)])
    # the product is 12,193,263,124,675,995.926...
    assert figures.pledged == figures.paid == D("12193263124675995.93")
    assert figures.outstanding == figures.credit == 0


def test_figures_in_a_reporting_currency_other_than_the_dollar():
    """Reporting in JPY: a USD pledge at 110.5 yen, a yen payment at rate 1, rounded to yen."""
    pledges = [pledge(1, "10.00", rate="110.5"), pledge(2, "0.01", due=LATER, rate="110.5")]
    figures = row(pledges, [payment(amount="221", currency="JPY")], reporting="JPY")
    # 10.00 USD = 1105 JPY and 0.01 USD = 1.105 JPY -> 1 JPY; 221 JPY settles 2.00 USD.
    assert (figures.pledged, figures.outstanding) == (D(1106), D(885))
    assert (figures.paid, figures.credit, figures.status) == (D(221), 0, "partially paid")


# --- status words ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "pledge_status", "party_status", "credit"),
    [
        ("0.50", "partially paid", "partially paid", "0"),
        ("9.99", "partially paid", "partially paid", "0"),
        ("10.00", "paid", "paid", "0"),
        ("10.50", "paid", "overpaid", "0.50"),
    ],
)
def test_status_words_for_small_amounts(amount, pledge_status, party_status, credit):
    ledger = replay([pledge(due=LATER)], [payment(amount=amount)], DAY, "USD")
    assert ledger.pledges[1].status == pledge_status
    figures = party_figures(ledger)[1]
    assert (figures.status, figures.credit) == (party_status, D(credit))
    assert figures.paid == D(amount) and figures.pledged - figures.outstanding == D(amount) - D(
        credit
    )


def test_an_overdue_pledge_is_overdue_even_when_partly_paid():
    figures = row([pledge()], [payment(amount="0.50")], LATER)
    assert (figures.status, figures.overdue, figures.outstanding) == (
        "overdue", D("9.50"), D("9.50"),
    )  # fmt: skip


def test_a_party_that_paid_without_pledging_has_no_pledge_and_credit():
    figures = row([], [payment(amount="0.50")])
    assert (figures.status, figures.credit, figures.paid, figures.pledged) == (
        "no pledge", D("0.50"), D("0.50"), 0,
    )  # fmt: skip


def test_a_party_whose_pledges_were_all_cancelled_unpaid_is_cancelled():
    figures = row([pledge(cancelled_on=DAY)], [])
    assert (figures.status, figures.pledged, figures.paid) == ("cancelled", 0, 0)


def test_a_paid_pledge_beside_a_cancelled_one_is_paid():
    figures = row([pledge(1), pledge(2, cancelled_on=DAY)], [payment(amount="10.00")])
    assert figures.statuses == ["paid", "cancelled"] and figures.status == "paid"


def test_an_overpayment_too_small_to_show_in_the_reporting_currency_leaves_the_pledge_paid():
    """0.001 KWD over is 0.00 USD: no overpayment in the report, the excess stays credit."""
    aimed = payment(amount="10.001", currency="KWD", pledge_id=1)
    ledger = replay([pledge(amount="10.000", currency="KWD")], [aimed], DAY, "USD")
    assert (ledger.pledges[1].status, ledger.pledges[1].overpaid) == ("paid", 0)
    assert ledger.payments[1].credit == D("0.001")
    figures = party_figures(ledger)[1]
    assert (figures.status, figures.credit) == ("paid", 0)


def test_last_payment_and_sample_flags():
    payments = [payment(2, "1.00", date(2020, 3, 5)), payment(1, "1.00", date(2020, 3, 9)),
                payment(3, "1.00", date(2020, 3, 7))]  # fmt: skip
    figures = row([pledge()], payments)
    assert (figures.last_payment, figures.sample) == (date(2020, 3, 9), False)
    assert row([pledge(is_sample=True)], []).sample is True
    assert row([pledge()], [payment(is_sample=True)]).sample is True
    assert row([pledge(is_sample=True)], [payment()]).sample is True
    assert row([pledge()], []).last_payment is None


def test_figures_are_kept_per_party():
    pledges = [pledge(1, party_id=1), pledge(2, "4.00", party_id=2)]
    figures = party_figures(replay(pledges, [payment(amount="1.00", party_id=2)], DAY, "USD"))
    assert (figures[1].pledged, figures[1].paid, figures[1].status) == (D(10), 0, "pending")
    assert (figures[2].pledged, figures[2].paid, figures[2].outstanding) == (D(4), D(1), D(3))


# --- sums of several entries -------------------------------------------------------------


def test_a_second_payment_settles_only_what_the_first_left():
    ledger = replay([pledge()], [payment(1, "4.00"), payment(2, "10.00")], DAY, "USD")
    assert spent(ledger, 2) == [(1, D("6.00"), D("6.00"))] and ledger.payments[2].credit == D(4)
    assert ledger.pledges[1].paid == D(10) and ledger.pledges[1].status == "paid"
    (allocation,) = ledger.payments[2].allocations
    assert (allocation.payment_id, ledger.as_of, ledger.reporting_currency) == (2, DAY, "USD")


def test_instalments_late_by_a_similar_time_share_a_bucket():
    plan = pledge(amount="3000", schedule=[(DAY, "1000"), (DAY + timedelta(days=10), "2000")])
    state = replay([plan], [], DAY + timedelta(days=20), "USD").pledges[1]
    assert state.aging == {"1-30": D(3000), "31-90": 0, "91-180": 0, "over-180": 0}
    assert (state.overdue, state.overdue_since) == (D(3000), DAY)


def test_half_a_unit_overpaid_or_overdue_shows_in_the_pledge_status():
    overpaid = replay([pledge()], [payment(amount="10.50", pledge_id=1)], DAY, "USD").pledges[1]
    assert (overpaid.status, overpaid.overpaid) == ("overpaid", D("0.50"))
    overdue = replay([pledge()], [payment(amount="9.50")], LATER, "USD").pledges[1]
    assert (overdue.status, overdue.overdue) == ("overdue", D("0.50"))


def test_half_a_unit_overdue_makes_the_party_overdue():
    party = row([pledge()], [payment(amount="9.50")], LATER)
    assert (party.status, party.overdue) == ("overdue", D("0.50"))


def test_a_party_row_adds_up_all_its_pledges_and_payments():
    pledges = [pledge(1, "10.00"), pledge(2, "20.00", due=DAY + timedelta(days=5))]
    payments = [payment(1, "1.00", pledge_id=1), payment(2, "2.00", pledge_id=1),
                payment(3, "3.00", pledge_id=2)]  # fmt: skip
    figures = row(pledges, payments, DAY + timedelta(days=10))
    assert (figures.pledged, figures.paid, figures.outstanding) == (D(30), D(6), D(24))
    assert (figures.overdue, figures.aging["1-30"]) == (D(24), D(24))
    both_credit = row([], [payment(1, "1.00"), payment(2, "2.00")])
    assert (both_credit.credit, both_credit.paid) == (D(3), D(3))


def test_receipts_add_up_each_day_across_payments_and_parties():
    """The cumulative-payments chart reads these sums: two payments on one day, one of them
    from another party and in euros at its own rate, are that day's one receipt."""
    pledges = [pledge(1, "50.00"), pledge(2, "50.00", party_id=2)]
    payments = [
        payment(1, "10.00", date(2020, 3, 2)),
        payment(2, "5.00", date(2020, 3, 2), party_id=2, currency="EUR", rate="1.10"),
        payment(3, "7.00", date(2020, 3, 5)),
    ]
    ledger = replay(pledges, payments, DAY, "USD")
    assert ledger.receipts == [(date(2020, 3, 2), D("15.50")), (date(2020, 3, 5), D("7.00"))]
    assert ledger.received_by_currency == {"EUR": (D("5"), D("0")), "USD": (D("17"), D("0"))}


def test_partial_payments_at_their_own_rates_add_up_on_one_pledge():
    """Two euro payments at other rates than the pledge's: what each settled adds to the
    pledge (paid, and its valuation at the pledge's rate), so the difference is the loss."""
    pledges = [pledge(1, "10.00", currency="EUR", rate="1.10")]
    payments = [
        payment(1, "3.00", date(2020, 3, 2), currency="EUR", rate="1.20"),
        payment(2, "4.00", date(2020, 3, 3), currency="EUR", rate="1.00"),
    ]
    ledger = replay(pledges, payments, DAY, "USD")
    figures = party_figures(ledger)[1]
    assert (figures.pledged, figures.paid, figures.outstanding) == (D("11"), D("7.6"), D("3.3"))
    # settled EUR 7 valued at the pledge's 1.10 = 7.70; it arrived as 7.60
    assert (figures.exchange_loss, figures.exchange_gain, figures.credit) == (D("0.1"), 0, 0)
    assert ledger.received_by_currency == {"EUR": (D("7"), D("0"))}
    assert figures.sample is False  # a bool in every face (JSON false, not null)


def test_what_a_party_overpays_is_summed_as_credit_in_its_currency():
    pledges = [pledge(1, "10.00")]
    payments = [
        payment(1, "6.00", date(2020, 3, 2)),
        payment(2, "7.00", date(2020, 3, 3)),
        payment(3, "2.00", date(2020, 3, 4)),
    ]
    ledger = replay(pledges, payments, DAY, "USD")
    assert ledger.received_by_currency == {"USD": (D("15"), D("5"))}
    figures = party_figures(ledger)[1]
    assert (figures.paid, figures.credit, figures.outstanding) == (D("15"), D("5"), D("0"))


def test_an_overpayment_at_another_rate_values_only_what_it_settled_against_the_pledge():
    """EUR 13 at 1.00 on a EUR 10 pledge valued at 1.10: EUR 10 settled (11.00 at the
    pledge's rate, 10.00 as it arrived: a loss of 1.00), EUR 3 credit (3.00), no gain."""
    pledges = [pledge(1, "10.00", currency="EUR", rate="1.10")]
    payments = [payment(1, "13.00", date(2020, 3, 2), currency="EUR", rate="1.00")]
    figures = party_figures(replay(pledges, payments, DAY, "USD"))[1]
    assert (figures.paid, figures.credit) == (D("13"), D("3"))
    assert (figures.exchange_loss, figures.exchange_gain) == (D("1"), 0)
