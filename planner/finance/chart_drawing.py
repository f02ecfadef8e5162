"""The charts of :mod:`planner.finance.charts` drawn by matplotlib, as SVG.

Apart from the figures' module so that matplotlib is imported only when a chart is
drawn. Labels are glyph outlines (``svg.fonttype = path``): every reader shows the
same picture whatever fonts it has; each label's text stays in the SVG as a comment.
"""

import io
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

import matplotlib as mpl
from babel.numbers import format_decimal
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from planner.finance.charts import Chart, ChartData, series_labels
from planner.finance.labels import aging_labels
from planner.finance.ledger import ZERO
from planner.i18n import date_text, money_text, party_name, text_direction, translations

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour deficiency.
PAID_COLOUR = "#0072B2"  # blue
UNPAID_COLOUR = "#56B4E9"  # sky blue: pledged but unpaid, outstanding not yet due
OVERDUE_COLOUR = "#D55E00"  # vermillion
UNPLEDGED_COLOUR = "#FFFFFF"  # white, hatched black
BUDGET_COLOUR = "#000000"
FONTS = ["DejaVu Sans", "Noto Sans CJK JP"]  # Latin, Cyrillic, Arabic; then Chinese


def draw_charts(data: ChartData, lang: str) -> tuple[Chart, ...]:
    """Budget, parties (when ``data`` has them), aging and cumulative, in ``lang``."""
    _know_the_chart_fonts()
    with mpl.rc_context({"font.family": FONTS, "font.size": 9, "text.language": lang}):
        charts = [_budget(data, lang)]
        if data.parties:
            charts.append(_parties(data, lang))
        charts.append(_aging(data, lang))
        charts.append(_cumulative(data, lang))
    return tuple(charts)


def _know_the_chart_fonts() -> None:
    """Make matplotlib look at the system's fonts again when it lacks one of :data:`FONTS`.

    It lists the fonts once, in a cache (``~/.cache/matplotlib``) kept until its own
    version changes, so a font installed after its first run (``.ci/run`` installs Noto
    Sans CJK; an administrator may too) is missing from the list, and Chinese labels were
    drawn as empty boxes with only a warning. A font that cannot be read is passed over.
    """
    manager = font_manager.fontManager
    known = {entry.name for entry in manager.ttflist}
    if all(family in known for family in FONTS):
        return
    for path in font_manager.findSystemFonts():
        try:
            manager.addfont(path)
        except (OSError, RuntimeError, ValueError):
            continue


def _svg(name: str, figure: Figure, title: str, description: str, sample: bool) -> str:
    """The figure as deterministic SVG with its <title> and <desc>, and SAMPLE when sample."""
    if sample:
        # a suptitle: the constrained layout keeps room for it above the plot
        figure.suptitle("SAMPLE", x=0.99, ha="right", color=OVERDUE_COLOUR, weight="bold")
    buffer = io.StringIO()
    with mpl.rc_context(
        {"svg.fonttype": "path", "svg.hashsalt": f"planner-{name}", "svg.id": f"chart-{name}"}
    ):
        figure.savefig(buffer, format="svg", metadata={"Title": title, "Date": None})
    svg = buffer.getvalue()
    return svg.replace("</title>", f"</title>\n <desc>{escape(description)}</desc>", 1)


def _mirror(axes: Axes, lang: str) -> None:
    """In a right-to-left language the picture reads from the right, like the page around
    it: bars grow from the right, categories and time run right to left, and the labels
    and the value axis stand on the right (Excel mirrors a right-to-left sheet's charts
    the same way). A left-to-right chart is left as it is."""
    if text_direction(lang) != "rtl":
        return
    axes.invert_xaxis()
    axes.yaxis.tick_right()
    axes.yaxis.set_label_position("right")
    axes.spines["left"].set_visible(False)
    axes.spines["right"].set_visible(True)


def _figure(height: float) -> tuple[Figure, Axes]:
    figure = Figure(figsize=(7.0, height), layout="constrained")
    axes = figure.add_subplot()
    axes.spines[["top", "right"]].set_visible(False)
    return figure, axes


def _amount_axis(lang: str) -> FuncFormatter:
    return FuncFormatter(lambda value, _: format_decimal(round(value), "#,##0", locale=lang))


def _stacked_bars(
    axes: Axes,
    labels: Sequence[str],
    segments: Sequence[tuple[str, str, Sequence[Decimal], dict[str, Any]]],
) -> None:
    """Horizontal bars, one per label, stacked from the segments (key, legend, values, style).

    Each bar piece gets the SVG id ``<key>-<index>`` so that its size can be checked."""
    left = [0.0] * len(labels)
    positions = list(range(len(labels)))
    for key, legend, values, style in segments:
        widths = [float(value) for value in values]
        bars = axes.barh(positions, widths, left=left, label=legend, edgecolor="#000000", **style)
        for index, bar in enumerate(bars):
            bar.set_gid(f"{key}-{index}")
        left = [start + width for start, width in zip(left, widths, strict=True)]
    axes.set_yticks(positions, labels)
    axes.invert_yaxis()


def _legend(axes: Axes, columns: int, lang: str) -> None:
    """The key below the chart, one row, in reading order: right to left, each swatch
    after (to the right of) its text, in a right-to-left language."""
    handles, labels = axes.get_legend_handles_labels()
    if not handles:  # nothing to explain on an empty chart
        return
    rtl = text_direction(lang) == "rtl"
    order = slice(None, None, -1 if rtl else 1)
    axes.legend(
        handles[order],
        labels[order],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.25),
        ncols=columns,
        frameon=False,
        markerfirst=not rtl,
    )


def _budget(data: ChartData, lang: str) -> Chart:
    _ = translations(lang).gettext
    names = series_labels(lang)
    money = _money(data.currency, lang)
    title = _("Budget: paid, pledged but unpaid, not yet pledged (%(currency)s)") % {
        "currency": data.currency
    }
    figure, axes = _figure(1.9)
    segments: list[tuple[str, str, Sequence[Decimal], dict[str, Any]]] = [
        ("paid", names["paid"], [data.paid], {"color": PAID_COLOUR}),
        (
            "pledged_unpaid",
            names["pledged_unpaid"],
            [data.pledged_unpaid],
            {"color": UNPAID_COLOUR},
        ),
    ]
    if data.budget is not None:
        style = {"color": UNPLEDGED_COLOUR, "hatch": "//"}
        segments.append(("unpledged", names["unpledged"], [data.unpledged], style))
        axes.axvline(float(data.budget), color=BUDGET_COLOUR, linewidth=2, label=names["budget"])
    _stacked_bars(axes, [names["budget"] if data.budget is not None else names["paid"]], segments)
    axes.xaxis.set_major_formatter(_amount_axis(lang))
    _legend(axes, 4, lang)
    _mirror(axes, lang)
    if data.budget is None:
        description = _("No budget set; paid %(paid)s, pledged but unpaid %(unpaid)s.") % {
            "paid": money(data.paid),
            "unpaid": money(data.pledged_unpaid),
        }
    else:
        description = _(
            "Budget %(budget)s: paid %(paid)s, pledged but unpaid %(unpaid)s, "
            "not yet pledged %(unpledged)s."
        ) % {
            "budget": money(data.budget),
            "paid": money(data.paid),
            "unpaid": money(data.pledged_unpaid),
            "unpledged": money(data.unpledged),
        }
    columns = (names["paid"], names["pledged_unpaid"], names["unpledged"], names["budget"])
    row = (data.paid, data.pledged_unpaid, data.unpledged if data.budget else None, data.budget)
    return Chart(
        "budget",
        title,
        description,
        _svg("budget", figure, title, description, data.sample),
        columns,
        ((names["budget"], row),),
    )


def _parties(data: ChartData, lang: str) -> Chart:
    _ = translations(lang).gettext
    names = series_labels(lang)
    title = _("By party: paid, outstanding not yet due, overdue (%(currency)s)") % {
        "currency": data.currency
    }
    labels = [
        party_name(bar.party, bar.name, lang) + (" (SAMPLE)" if bar.sample else "")
        for bar in data.parties
    ]
    figure, axes = _figure(1.2 + 0.32 * len(labels))
    _stacked_bars(
        axes,
        labels,
        [
            ("paid", names["paid"], [bar.paid for bar in data.parties], {"color": PAID_COLOUR}),
            (
                "not_yet_due",
                names["not_yet_due"],
                [bar.not_yet_due for bar in data.parties],
                {"color": UNPAID_COLOUR},
            ),
            (
                "overdue",
                names["overdue"],
                [bar.overdue for bar in data.parties],
                {"color": OVERDUE_COLOUR},
            ),
        ],
    )
    axes.xaxis.set_major_formatter(_amount_axis(lang))
    _legend(axes, 3, lang)
    _mirror(axes, lang)
    overdue = sum(1 for bar in data.parties if bar.overdue > 0)
    description = _("%(parties)s parties; %(overdue)s with an overdue amount.") % {
        "parties": format_decimal(len(labels), locale=lang),
        "overdue": format_decimal(overdue, locale=lang),
    }
    return Chart(
        "parties",
        title,
        description,
        _svg("parties", figure, title, description, data.sample),
        (names["paid"], names["not_yet_due"], names["overdue"]),
        tuple(
            (label, (bar.paid, bar.not_yet_due, bar.overdue))
            for label, bar in zip(labels, data.parties, strict=True)
        ),
    )


def _aging(data: ChartData, lang: str) -> Chart:
    _ = translations(lang).gettext
    names = aging_labels(lang)
    title = _("Overdue amounts by days late (%(currency)s)") % {"currency": data.currency}
    figure, axes = _figure(2.2)
    aging = dict(data.aging)
    positions = list(range(len(aging)))
    bars = axes.bar(
        positions,
        [float(amount) for amount in aging.values()],
        color=OVERDUE_COLOUR,
        edgecolor="#000000",
    )
    for bar, key in zip(bars, aging, strict=True):
        bar.set_gid(f"aging-{key}")
    axes.set_xticks(positions, [names[key] for key in aging])
    axes.set_xlabel(_("days late"))
    axes.yaxis.set_major_formatter(_amount_axis(lang))
    axes.yaxis.set_major_locator(MaxNLocator(5))
    _mirror(axes, lang)
    money = _money(data.currency, lang)
    description = _("Overdue in total %(total)s: %(buckets)s.") % {
        "total": money(sum(aging.values(), ZERO)),
        "buckets": ", ".join(f"{names[key]}: {money(value)}" for key, value in aging.items()),
    }
    return Chart(
        "aging",
        title,
        description,
        _svg("aging", figure, title, description, data.sample),
        (_("Overdue"),),
        tuple((names[key], (value,)) for key, value in aging.items()),
    )


def _cumulative(data: ChartData, lang: str) -> Chart:
    _ = translations(lang).gettext
    names = series_labels(lang)
    title = _("Payments received over time against the budget (%(currency)s)") % {
        "currency": data.currency
    }
    figure, axes = _figure(2.6)
    days = [day for day, _amount in data.receipts]
    totals = [float(amount) for _day, amount in data.receipts]
    if data.receipts:
        (line,) = axes.step(
            [day.toordinal() for day in (*days, data.as_of)],
            [*totals, totals[-1]],
            where="post",
            color=PAID_COLOUR,
            linewidth=2,
            label=names["cumulative"],
        )
        line.set_gid("cumulative")
    if data.budget is not None:
        axes.axhline(
            float(data.budget), color=BUDGET_COLOUR, linestyle="--", label=names["budget"]
        ).set_gid("budget")
    if not data.receipts:  # an empty month up to the as-of date, not matplotlib's 0..1
        axes.set_xlim(data.as_of.toordinal() - 30, data.as_of.toordinal())
    axes.xaxis.set_major_locator(MaxNLocator(5, integer=True))  # days as ordinals
    axes.xaxis.set_major_formatter(
        FuncFormatter(lambda value, _: date_text(date.fromordinal(round(value)), lang, "yMMMd"))
    )
    axes.yaxis.set_major_formatter(_amount_axis(lang))
    axes.set_ylim(bottom=0)
    _legend(axes, 2, lang)
    _mirror(axes, lang)
    money = _money(data.currency, lang)
    paid = data.receipts[-1][1] if data.receipts else ZERO
    description = _("Received by %(date)s: %(paid)s in %(count)s payment days.") % {
        "date": date_text(data.as_of, lang, "yMMMd"),
        "paid": money(paid),
        "count": format_decimal(len(data.receipts), locale=lang),
    }
    return Chart(
        "cumulative",
        title,
        description,
        _svg("cumulative", figure, title, description, data.sample),
        (names["cumulative"],),
        tuple((date_text(day, lang, "yMMMd"), (amount,)) for day, amount in data.receipts),
    )


def _money(currency: str, lang: str) -> Callable[[Decimal], str]:
    return lambda amount: money_text(amount, currency, lang)
