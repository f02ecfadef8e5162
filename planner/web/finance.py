"""Finance officers' pages: pledges, payments, voids and cancellations, the status of contributions.

Lists and figures come from the same replayed ledger as ``pledge list``, ``payment list``
and ``finance status``; the downloads are the CLI's own CSV and XLSX renderings. The
status of contributions page also holds the organizers' publication decision: whether
public pages show per-party figures or totals only (``planner conference publish``).
"""

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import Blueprint, abort, render_template, request, send_file, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select
from wtforms import StringField, TextAreaField

from planner.advisories import Advisory, payment_advisories, pledge_advisories
from planner.conferences.models import PUBLICATIONS
from planner.conferences.operations import publish_contributions
from planner.finance import operations, reports
from planner.finance.charts import chart_data, render_charts
from planner.finance.labels import aging_labels, pledge_status_labels
from planner.finance.ledger import PledgeStatus
from planner.finance.listing import payment_rows, pledge_rows
from planner.finance.models import Payment, Pledge, Void
from planner.finance.money import plain_rate
from planner.finance.status import load_ledger, status_of_contributions
from planner.summaries.render import render_status_page
from planner.validation import parse_date
from planner.visibility import sees_party_finance
from planner.web.auth import role_required, viewer
from planner.web.database import context, db
from planner.web.downloads import pdf_attachment
from planner.web.forms import FlaskForm, show_error
from planner.web.localization import gettext, locale, localized_date
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


def _rate_taken(record: Pledge | Payment) -> str:
    """Which rates table entry a record without a rate took, to say so beside "recorded"."""
    rate = record.exchange_rate
    if rate is None:
        return ""
    return " " + gettext(
        "Rate in force used: 1 %(currency)s = %(rate)s %(to)s, valid from %(valid_from)s "
        "(%(source)s).",
        currency=rate.currency,
        rate=str(plain_rate(rate.rate)),
        to=rate.to_currency,
        valid_from=localized_date(rate.valid_from),
        source=rate.source or gettext("no source given"),
    )


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
            gettext("Pledge %(id)s recorded.", id=done[0].id) + _rate_taken(done[0]),
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
            gettext("Payment %(id)s recorded.", id=done[0].id) + _rate_taken(done[0]),
            url_for(".payment", conf=conf, payment_id=done[0].id),
            advisory_texts(done[1]),
        ),
    )


def _entry_page(
    conf: str,
    kind: str,
    entry_id: int,
    status: int = 200,
    template: str | None = None,
    **page: Any,
) -> ResponseReturnValue:
    """One pledge or payment as listed (with its allocations), on its own page or on the
    confirmation page of a correction (``template``)."""
    found = conference(conf)
    lookup = operations.pledge_by_id if kind == "pledge" else operations.payment_by_id
    record = lookup(db(), entry_id)
    if record.conference_id != found.id:
        abort(404)
    view = load_ledger(db(), found, max(today(), *_entry_dates(record)))
    rows = (pledge_rows if kind == "pledge" else payment_rows)(view)
    return render_template(
        template or f"web/manage/{kind}.html",
        conference=found,
        kind=kind,
        rows=[row for row in rows if row.id == record.id],
        statuses=status_labels(),
        entry_id=record.id,
        **page,
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


@blueprint.get("/pledges/<int:pledge_id>")
@role_required(*READERS)
def pledge(conf: str, pledge_id: int) -> ResponseReturnValue:
    return _entry_page(conf, "pledge", pledge_id)


@dataclass(frozen=True)
class Correction:
    """A destructive correction of one entry: what its confirmation page says and does."""

    kind: str  # pledge or payment
    name: str  # cancel or void: the form's prefix and the route's last part
    operation: Callable[..., object]

    def texts(self, entry_id: int) -> dict[str, Any]:
        pledge, payment = {"id": entry_id}, {"id": entry_id}
        return {
            ("pledge", "cancel"): {
                "heading": gettext("Cancel pledge %(id)s?", **pledge),
                "happens": [
                    gettext(
                        "The pledge will be cancelled from the effective date: what is not "
                        "yet paid is no longer expected, and the pledged amount stays on record."
                    )
                ],
                "button": gettext("Cancel the pledge"),
                "done": gettext("Pledge %(id)s cancelled.", **pledge),
            },
            ("pledge", "void"): {
                "heading": gettext("Void pledge %(id)s?", **pledge),
                "happens": [
                    gettext(
                        "The pledge will be voided as recorded by mistake: a reversing entry "
                        "takes it out of every total; both stay in the audit log."
                    )
                ],
                "button": gettext("Void the pledge"),
                "done": gettext("Pledge %(id)s voided.", **pledge),
            },
            ("payment", "void"): {
                "heading": gettext("Void payment %(id)s?", **payment),
                "happens": [
                    gettext(
                        "The payment will be voided as recorded by mistake: a reversing entry "
                        "takes it out of every total and releases its allocations; both stay "
                        "in the audit log."
                    )
                ],
                "button": gettext("Void the payment"),
                "done": gettext("Payment %(id)s voided.", **payment),
            },
        }[self.kind, self.name]

    def page(
        self, conf: str, entry_id: int, form: ReasonForm, status: int = 200
    ) -> ResponseReturnValue:
        texts = self.texts(entry_id)
        entry: dict[str, Any] = {f"{self.kind}_id": entry_id}  # the entry page's URL argument
        return _entry_page(
            conf,
            self.kind,
            entry_id,
            status,
            "web/manage/confirm_entry.html",
            form=form,
            action=url_for(f".{self.name}_{self.kind}", conf=conf, **entry),
            back_url=url_for(f".{self.kind}", conf=conf, **entry),
            back_label=gettext("Go back without changing anything"),
            **texts,
        )

    def confirm(self, conf: str, entry_id: int) -> ResponseReturnValue:
        return self.page(conf, entry_id, ReasonForm(formdata=None, prefix=self.name))

    def apply(self, conf: str, entry_id: int) -> ResponseReturnValue:
        """Cancel or void from the confirmation page; refused -> that page with the error."""
        found = conference(conf)
        lookup = operations.pledge_by_id if self.kind == "pledge" else operations.payment_by_id
        if lookup(db(), entry_id).conference_id != found.id:
            abort(404)
        form = ReasonForm(prefix=self.name)
        entry: dict[str, Any] = {f"{self.kind}_id": entry_id}
        return submit(
            lambda: self.operation(
                db(), context(), entry_id, reason=form.reason.data, on=_blank_none(form.date.data)
            ),
            lambda refusal: self.page(conf, entry_id, form, show_error(form, refusal)),
            lambda _: saved(
                self.texts(entry_id)["done"], url_for(f".{self.kind}", conf=conf, **entry)
            ),
        )


CANCEL_PLEDGE = Correction("pledge", "cancel", operations.cancel_pledge)
VOID_PLEDGE = Correction("pledge", "void", operations.void_pledge)
VOID_PAYMENT = Correction("payment", "void", operations.void_payment)


@blueprint.get("/pledges/<int:pledge_id>/cancel")
@role_required("finance")
def confirm_cancel_pledge(conf: str, pledge_id: int) -> ResponseReturnValue:
    return CANCEL_PLEDGE.confirm(conf, pledge_id)


@blueprint.post("/pledges/<int:pledge_id>/cancel")
@role_required("finance")
def cancel_pledge(conf: str, pledge_id: int) -> ResponseReturnValue:
    return CANCEL_PLEDGE.apply(conf, pledge_id)


@blueprint.get("/pledges/<int:pledge_id>/void")
@role_required("finance")
def confirm_void_pledge(conf: str, pledge_id: int) -> ResponseReturnValue:
    return VOID_PLEDGE.confirm(conf, pledge_id)


@blueprint.post("/pledges/<int:pledge_id>/void")
@role_required("finance")
def void_pledge(conf: str, pledge_id: int) -> ResponseReturnValue:
    return VOID_PLEDGE.apply(conf, pledge_id)


@blueprint.get("/payments/<int:payment_id>")
@role_required(*READERS)
def payment(conf: str, payment_id: int) -> ResponseReturnValue:
    return _entry_page(conf, "payment", payment_id)


@blueprint.get("/payments/<int:payment_id>/void")
@role_required("finance")
def confirm_void_payment(conf: str, payment_id: int) -> ResponseReturnValue:
    return VOID_PAYMENT.confirm(conf, payment_id)


@blueprint.post("/payments/<int:payment_id>/void")
@role_required("finance")
def void_payment(conf: str, payment_id: int) -> ResponseReturnValue:
    return VOID_PAYMENT.apply(conf, payment_id)


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
        rows=reports.report_rows(report, locale()),
        charts=render_charts(chart_data(report, sees_party_finance(viewer(), found)), locale()),
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


@blueprint.get("/contributions.pdf")
@role_required(*READERS)
def contributions_pdf(conf: str) -> ResponseReturnValue:
    """The page as ``finance status --format pdf`` prints it, charts cut for this viewer."""
    found = conference(conf)
    report = status_of_contributions(db(), found, _as_of())
    charts = chart_data(report, sees_party_finance(viewer(), found))
    return pdf_attachment(
        render_status_page(report, charts, locale()),
        _download_name(conf, report.as_of, "pdf"),
    )
