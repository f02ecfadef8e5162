"""Finance officers' pages: pledges, payments, voids and cancellations, the status of contributions.

Lists and figures come from the same replayed ledger as ``pledge list``, ``payment list``
and ``finance status``; the downloads are the CLI's own CSV and XLSX renderings. The
status of contributions page also holds the organizers' publication decision: whether
public pages show per-party figures or totals only (``planner conference publish``).
"""

import io
from collections.abc import Callable
from datetime import date
from typing import Any

from flask import Blueprint, abort, render_template, request, send_file, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select
from wtforms import StringField, TextAreaField

from planner.advisories import Advisory, payment_advisories, pledge_advisories
from planner.conferences.models import PUBLICATIONS
from planner.conferences.operations import publish_contributions
from planner.errors import PlannerError
from planner.finance import operations, reports
from planner.finance.labels import aging_labels, pledge_status_labels
from planner.finance.ledger import PledgeStatus
from planner.finance.listing import payment_rows, pledge_rows
from planner.finance.models import Payment, Pledge, Void
from planner.finance.status import load_ledger, status_of_contributions
from planner.validation import parse_date
from planner.web.auth import role_required
from planner.web.database import context, db
from planner.web.forms import FlaskForm, show_error
from planner.web.localization import gettext, locale
from planner.web.submitting import saved, submit
from planner.web.workspace import READERS, advisory_texts, conference, open_select, today

blueprint = Blueprint("finance", __name__, url_prefix="/<lang>/manage/<conf>/finance")

OPEN_PLEDGE_STATUSES = (PledgeStatus.PENDING, PledgeStatus.PARTIALLY_PAID, PledgeStatus.OVERDUE)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def status_labels() -> dict[str, str]:
    return pledge_status_labels(locale())


class EntryForm(FlaskForm):
    """What a pledge and a payment are recorded with alike."""

    party = StringField()
    amount = StringField()
    currency = StringField()
    rate = StringField()
    reference = StringField()
    note = StringField()

    def entry_values(self) -> dict[str, Any]:
        """These fields as the operations take them (blank rate: the rates table's)."""
        return {
            "party": self.party.data or "",
            "amount": self.amount.data,
            "currency": self.currency.data or "",
            "rate": _blank_none(self.rate.data),
            "reference": self.reference.data,
            "note": self.note.data,
        }


class PledgeForm(EntryForm):
    due = StringField()
    instalment = TextAreaField()
    date = StringField()


class PaymentForm(EntryForm):
    received = StringField()
    pledge = open_select()


class ReasonForm(FlaskForm):
    """Cancelling or voiding: a reason, and the effective date (empty: today)."""

    reason = TextAreaField()
    date = StringField()


class PublicationForm(FlaskForm):
    contributions = open_select()


def publication_labels() -> dict[str, str]:
    return {
        "totals": gettext("Totals only"),
        "per-party": gettext("Per party (who pledged, paid and owes what)"),
    }


def _as_of() -> date:
    value = request.args.get("as_of")
    return parse_date(value, "as_of") if value else today()


def _blank_none(text: str | None) -> str | None:
    return (text or "").strip() or None


def _pledges_page(
    conf: str, form: PledgeForm | None = None, status: int = 200
) -> ResponseReturnValue:
    found = conference(conf)
    day = _as_of()
    form = form or PledgeForm(formdata=None, currency=found.currency)
    return render_template(
        "web/manage/pledges.html",
        conference=found,
        rows=pledge_rows(load_ledger(db(), found, day)),
        statuses=status_labels(),
        form=form,
        as_of=day,
    ), status


@blueprint.get("/pledges")
@role_required(*READERS)
def pledges(conf: str) -> ResponseReturnValue:
    return _pledges_page(conf)


@blueprint.post("/pledges")
@role_required("finance")
def add_pledge(conf: str) -> ResponseReturnValue:
    form = PledgeForm()

    def change() -> tuple[Pledge, list[Advisory]]:
        pledge = operations.add_pledge(
            db(),
            context(),
            conf,
            due=_blank_none(form.due.data),
            instalments=(form.instalment.data or "").split(),
            pledged_on=_blank_none(form.date.data),
            **form.entry_values(),
        )
        return pledge, pledge_advisories(db(), pledge, today())

    return submit(
        change,
        lambda refusal: _pledges_page(conf, form, show_error(form, refusal)),
        lambda done: saved(
            gettext("Pledge %(id)s recorded.", id=done[0].id),
            url_for(".pledge", conf=conf, pledge_id=done[0].id),
            advisory_texts(done[1]),
        ),
    )


def _open_pledge_choices(conf: str) -> list[tuple[str, str]]:
    rows = pledge_rows(load_ledger(db(), conf, today()))
    return [("", gettext("Automatic: the party's oldest open pledge first"))] + [
        (
            str(row.id),
            f"#{row.id} {row.party} {row.amount} {row.currency}"
            + (f" ({row.reference})" if row.reference else ""),
        )
        for row in rows
        if row.status in OPEN_PLEDGE_STATUSES
    ]


def _payments_page(
    conf: str, form: PaymentForm | None = None, status: int = 200
) -> ResponseReturnValue:
    found = conference(conf)
    day = _as_of()
    form = form or PaymentForm(formdata=None, currency=found.currency)
    form.pledge.choices = _open_pledge_choices(conf)
    return render_template(
        "web/manage/payments.html",
        conference=found,
        rows=payment_rows(load_ledger(db(), found, day)),
        form=form,
        as_of=day,
    ), status


@blueprint.get("/payments")
@role_required(*READERS)
def payments(conf: str) -> ResponseReturnValue:
    return _payments_page(conf)


@blueprint.post("/payments")
@role_required("finance")
def add_payment(conf: str) -> ResponseReturnValue:
    form = PaymentForm()

    def change() -> tuple[Payment, list[Advisory]]:
        payment = operations.add_payment(
            db(),
            context(),
            conf,
            received=form.received.data or "",
            pledge=_blank_none(form.pledge.data),
            **form.entry_values(),
        )
        return payment, payment_advisories(db(), payment)

    return submit(
        change,
        lambda refusal: _payments_page(conf, form, show_error(form, refusal)),
        lambda done: saved(
            gettext("Payment %(id)s recorded.", id=done[0].id),
            url_for(".payment", conf=conf, payment_id=done[0].id),
            advisory_texts(done[1]),
        ),
    )


def _entry_page(
    conf: str, kind: str, entry_id: int, forms: dict[str, Any], status: int = 200
) -> ResponseReturnValue:
    """One pledge or payment as listed (with its allocations), and its correction forms."""
    found = conference(conf)
    lookup = operations.pledge_by_id if kind == "pledge" else operations.payment_by_id
    record = lookup(db(), entry_id)
    if record.conference_id != found.id:
        abort(404)
    view = load_ledger(db(), found, max(today(), *_entry_dates(record)))
    rows = (pledge_rows if kind == "pledge" else payment_rows)(view)
    return render_template(
        f"web/manage/{kind}.html",
        conference=found,
        rows=[row for row in rows if row.id == record.id],
        statuses=status_labels(),
        forms=forms,
        entry_id=record.id,
    ), status


def _entry_dates(record: Pledge | Payment) -> list[date]:
    """When the entry was recorded and corrected: its page shows it as of the latest of them."""
    if isinstance(record, Pledge):
        standing = operations.pledge_standing(db(), record)
        corrections = [
            standing.cancellation.cancelled_on if standing.cancellation else None,
            standing.void.voided_on if standing.void else None,
        ]
        return [record.pledged_on, *(day for day in corrections if day)]
    void = db().scalar(select(Void.voided_on).where(Void.payment_id == record.id))
    return [record.received_on, *([void] if void else [])]


def _pledge_forms(submitted: ReasonForm | None = None) -> dict[str, Any]:
    return {
        name: submitted
        if submitted is not None and submitted._prefix == f"{name}-"
        else ReasonForm(formdata=None, prefix=name)
        for name in ("cancel", "void")
    }


@blueprint.get("/pledges/<int:pledge_id>")
@role_required(*READERS)
def pledge(conf: str, pledge_id: int) -> ResponseReturnValue:
    return _entry_page(conf, "pledge", pledge_id, _pledge_forms())


def _correct(
    conf: str, kind: str, entry_id: int, name: str, operation: Callable[..., object], done: str
) -> ResponseReturnValue:
    """Cancel or void one entry from its reason form; refused -> the entry's page with the error."""
    found = conference(conf)
    lookup = operations.pledge_by_id if kind == "pledge" else operations.payment_by_id
    if lookup(db(), entry_id).conference_id != found.id:
        abort(404)
    form = ReasonForm(prefix=name)
    entry: dict[str, Any] = {f"{kind}_id": entry_id}  # the entry page's URL argument

    def refused(refusal: PlannerError) -> ResponseReturnValue:
        status = show_error(form, refusal)
        forms = _pledge_forms(form) if kind == "pledge" else {"void": form}
        return _entry_page(conf, kind, entry_id, forms, status)

    return submit(
        lambda: operation(
            db(), context(), entry_id, reason=form.reason.data, on=_blank_none(form.date.data)
        ),
        refused,
        lambda _: saved(done, url_for(f".{kind}", conf=conf, **entry)),
    )


@blueprint.post("/pledges/<int:pledge_id>/cancel")
@role_required("finance")
def cancel_pledge(conf: str, pledge_id: int) -> ResponseReturnValue:
    done = gettext("Pledge %(id)s cancelled.", id=pledge_id)
    return _correct(conf, "pledge", pledge_id, "cancel", operations.cancel_pledge, done)


@blueprint.post("/pledges/<int:pledge_id>/void")
@role_required("finance")
def void_pledge(conf: str, pledge_id: int) -> ResponseReturnValue:
    done = gettext("Pledge %(id)s voided.", id=pledge_id)
    return _correct(conf, "pledge", pledge_id, "void", operations.void_pledge, done)


@blueprint.get("/payments/<int:payment_id>")
@role_required(*READERS)
def payment(conf: str, payment_id: int) -> ResponseReturnValue:
    forms = {"void": ReasonForm(formdata=None, prefix="void")}
    return _entry_page(conf, "payment", payment_id, forms)


@blueprint.post("/payments/<int:payment_id>/void")
@role_required("finance")
def void_payment(conf: str, payment_id: int) -> ResponseReturnValue:
    done = gettext("Payment %(id)s voided.", id=payment_id)
    return _correct(conf, "payment", payment_id, "void", operations.void_payment, done)


def _contributions_page(
    conf: str, form: PublicationForm | None = None, status: int = 200
) -> ResponseReturnValue:
    found = conference(conf)
    report = status_of_contributions(db(), found, _as_of())
    labels = publication_labels()
    form = form or PublicationForm(formdata=None, contributions=found.contributions_publication)
    form.contributions.choices = [(value, labels[value]) for value in PUBLICATIONS]
    return render_template(
        "web/manage/contributions.html",
        conference=found,
        report=report,
        statuses=status_labels(),
        aging_names=aging_labels(locale()),
        publication=labels[found.contributions_publication],
        publication_form=form,
    ), status


@blueprint.get("/contributions")
@role_required(*READERS)
def contributions(conf: str) -> ResponseReturnValue:
    return _contributions_page(conf)


@blueprint.post("/publication")
@role_required("organizer")
def publish(conf: str) -> ResponseReturnValue:
    """The organizers decide when public pages show per-party figures (audited)."""
    form = PublicationForm()
    return submit(
        lambda: publish_contributions(db(), context(), conf, form.contributions.data),
        lambda refusal: _contributions_page(conf, form, show_error(form, refusal)),
        lambda _: saved(
            gettext("Publication of the status of contributions saved."),
            url_for(".contributions", conf=conf),
        ),
    )


def _download_name(conf: str, day: date, extension: str) -> str:
    return f"status-of-contributions-{conf}-{day.isoformat()}.{extension}"


@blueprint.get("/contributions.csv")
@role_required(*READERS)
def contributions_csv(conf: str) -> ResponseReturnValue:
    report = status_of_contributions(db(), conference(conf), _as_of())
    return send_file(
        io.BytesIO(reports.render_csv(report, locale()).encode("utf-8")),
        mimetype="text/csv",
        as_attachment=True,
        download_name=_download_name(conf, report.as_of, "csv"),
    )


@blueprint.get("/contributions.xlsx")
@role_required(*READERS)
def contributions_xlsx(conf: str) -> ResponseReturnValue:
    report = status_of_contributions(db(), conference(conf), _as_of())
    workbook = io.BytesIO()
    reports.write_xlsx(report, workbook, locale())
    workbook.seek(0)
    return send_file(
        workbook,
        mimetype=XLSX_TYPE,
        as_attachment=True,
        download_name=_download_name(conf, report.as_of, "xlsx"),
    )
