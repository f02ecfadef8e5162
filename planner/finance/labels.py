"""The status of contributions' words in a reader's language: statuses, columns, aging.

One vocabulary for every face that shows the status (the CLI table, CSV, XLSX and the
web pages), so a pledge status or a column is named the same way in a language
everywhere. The ledger keeps its stable English keys (``partially paid``, ``over-180``,
JSON's field names); only what a reader sees goes through the catalogs. Column names
carry a message context because the same English word is also a status (``overdue``)
or a treaty standing (``party``) and other languages need different words for each.
"""

from babel.numbers import format_decimal

from planner.finance.ledger import AGING_BUCKETS
from planner.i18n import translations


def pledge_status_labels(lang: str) -> dict[str, str]:
    _ = translations(lang).gettext
    return {
        "pending": _("pending"),
        "partially paid": _("partially paid"),
        "paid": _("paid"),
        "overdue": _("overdue"),
        "cancelled": _("cancelled"),
        "overpaid": _("overpaid"),
        "voided": _("voided"),
        "no pledge": _("no pledge"),
    }


def column_labels(lang: str) -> dict[str, str]:
    """Headers of the table, CSV and XLSX; in English they are the JSON keys' spelling."""
    catalog = translations(lang)

    def pgettext(context: str, message: str) -> str:
        return str(catalog.pgettext(context, message))  # Babel's method is typed -> object

    return {
        "zone": pgettext("status of contributions column", "zone"),
        "party": pgettext("status of contributions column", "party"),
        "name": pgettext("status of contributions column", "name"),
        "pledged": pgettext("status of contributions column", "pledged"),
        "paid": pgettext("status of contributions column", "paid"),
        "outstanding": pgettext("status of contributions column", "outstanding"),
        "overdue": pgettext("status of contributions column", "overdue"),
        "credit": pgettext("status of contributions column", "credit"),
        "exchange_loss": pgettext("status of contributions column", "exchange loss"),
        "exchange_gain": pgettext("status of contributions column", "exchange gain"),
        "last_payment": pgettext("status of contributions column", "last payment"),
        "status": pgettext("status of contributions column", "status"),
        "sample": pgettext("status of contributions column", "sample"),
        "total": pgettext("status of contributions column", "TOTAL"),
        "yes": pgettext("status of contributions column", "yes"),
        "no": pgettext("status of contributions column", "no"),
        "currency": pgettext("status of contributions column", "currency"),
    }


def aging_labels(lang: str) -> dict[str, str]:
    """Each aging bucket as its days, numbers in the language (``1–30``, ``over 180``)."""
    gettext = translations(lang).gettext
    labels = {}
    first = 1  # a pledge one day late is in the first bucket
    for name, last in AGING_BUCKETS:
        if last is None:
            days = format_decimal(first - 1, locale=lang)
            labels[name] = gettext("over %(days)s") % {"days": days}
        else:
            labels[name] = (
                f"{format_decimal(first, locale=lang)}–{format_decimal(last, locale=lang)}"
            )
            first = last + 1
    return labels
