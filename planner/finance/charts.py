"""The status of contributions as pictures: one module for the web page, the summary and the PDF.

Four charts, each an SVG drawn by matplotlib with the numbers it shows as a table
beside it (the table is what screen readers and the tests read):

- ``budget``: one bar as long as the budget: paid, pledged but unpaid, and the part
  of the budget nobody has pledged yet (with the report's funding gap, budget minus
  paid, being the last two together);
- ``parties``: one bar per party: paid, outstanding not yet due, overdue. Only in a
  :class:`ChartData` built for a viewer who may see per-party figures;
- ``aging``: the overdue amounts by how many days late they are;
- ``cumulative``: payments received over time, each at its own recorded rate,
  against the budget.

Why matplotlib: it is the best-kept Python charting library, needs no JavaScript, and
since 3.11 shapes text with libraqm: labels are written as glyph outlines
(``svg.fonttype = path``), Arabic joined and right to left, Chinese from Noto Sans CJK,
so that every reader (browser, WeasyPrint, an image viewer) shows the same picture
whatever fonts it has. Each label's text stays in the SVG as a comment, and the
figures are in the table beside the chart.
The drawing is in :mod:`planner.finance.chart_drawing`, imported on the first drawing:
matplotlib is a quarter of the command line's start-up, which every command would pay.
Output is deterministic: fixed ``svg.id`` and ``svg.hashsalt``, no creation date.
Colours are Okabe–Ito's colour-blind-safe palette, and the unpledged part is hatched.
Money reaches matplotlib as float for geometry only; every figure in a table stays
the report's Decimal.
"""

import base64
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

from planner.finance.ledger import ZERO
from planner.finance.money import round_to_minor_unit
from planner.finance.status import StatusReport
from planner.i18n import translations

RENDERED_KEPT = 32  # charts of distinct (figures, language), a few MB at most


@dataclass(frozen=True)
class PartyBar:
    party: str
    name: str
    paid: Decimal
    not_yet_due: Decimal
    overdue: Decimal
    sample: bool


@dataclass(frozen=True)
class ChartData:
    """What the charts show, already cut to what one viewer may see (no language yet)."""

    currency: str
    as_of: date
    budget: Decimal | None
    paid: Decimal
    pledged_unpaid: Decimal
    aging: tuple[tuple[str, Decimal], ...]  # (bucket, overdue amount), youngest first
    receipts: tuple[tuple[date, Decimal], ...]  # cumulative paid after each day with a payment
    parties: tuple[PartyBar, ...]  # empty unless the viewer sees per-party figures
    per_party: bool
    sample: bool

    @property
    def unpledged(self) -> Decimal:
        """The part of the budget neither paid nor pledged (none once pledges cover it)."""
        if self.budget is None:
            return ZERO
        return max(self.budget - self.paid - self.pledged_unpaid, ZERO)


def chart_data(report: StatusReport, per_party: bool) -> ChartData:
    """The charts' figures from the status of contributions; per-party bars only if allowed."""
    cumulative, receipts = ZERO, []
    for day, amount in report.receipts:
        cumulative += amount
        receipts.append((day, cumulative))
    parties = tuple(
        PartyBar(
            row.party,
            row.name,
            row.figures.paid,
            row.figures.outstanding - row.figures.overdue,
            row.figures.overdue,
            row.figures.sample,
        )
        for row in report.rows
    )
    return ChartData(
        currency=report.currency,
        as_of=report.as_of,
        budget=None
        if report.budget is None
        else round_to_minor_unit(report.budget, report.currency),
        paid=report.totals.paid,
        pledged_unpaid=report.totals.outstanding,
        aging=tuple(report.totals.aging.items()),
        receipts=tuple(receipts),
        parties=parties if per_party else (),
        per_party=per_party,
        sample=report.sample,
    )


@dataclass(frozen=True)
class Chart:
    """One picture with its accessible table (row label, then one amount per column)."""

    name: str
    title: str
    description: str
    svg: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[Decimal | None, ...]], ...]

    @property
    def data_uri(self) -> str:
        """The SVG as an ``<img>`` source: an image keeps its own inline styles under the
        web pages' Content-Security-Policy (``img-src data:``), inline SVG would not."""
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()


@lru_cache(maxsize=RENDERED_KEPT)
def render_charts(data: ChartData, lang: str) -> tuple[Chart, ...]:
    """The charts for ``data`` in a language: labels from the catalogs, numbers from CLDR,
    mirrored for a right-to-left language (see :func:`chart_drawing.draw_charts`).

    Drawing them costs about half a second, most of a contributions page's time; the
    same figures in the same language draw the same bytes, so the last few are kept
    (``data`` is frozen and holds every figure drawn: other figures are another key)."""
    from planner.finance.chart_drawing import draw_charts

    return draw_charts(data, lang)


def series_labels(lang: str) -> dict[str, str]:
    _ = translations(lang).gettext
    return {
        "paid": _("Paid"),
        "pledged_unpaid": _("Pledged but unpaid"),
        "unpledged": _("Not yet pledged"),
        "not_yet_due": _("Outstanding, not yet due"),
        "overdue": _("Overdue"),
        "budget": _("Budget"),
        "cumulative": _("Paid to date"),
    }
