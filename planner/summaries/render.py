"""Rendering the readiness picture through Jinja2: text, Markdown and HTML, in any language.

The templates (one environment per language, :mod:`planner.summaries.environment`) receive the
finished :class:`~planner.summaries.readiness.Readiness` as ``r`` and a
:class:`~planner.summaries.formatting.Formatter` as ``fmt``; they decide only layout.
"""

from planner.finance.charts import ChartData, render_charts
from planner.finance.labels import column_labels, pledge_status_labels
from planner.finance.status import StatusReport
from planner.summaries.environment import environment
from planner.summaries.formatting import Formatter
from planner.summaries.readiness import Readiness

FORMATS = ("txt", "md", "html")  # and pdf: the html, printed (planner.documents)


def render_summary(readiness: Readiness, fmt: str = "txt", lang: str = "en") -> str:
    if fmt not in FORMATS:
        raise ValueError(f"no summary format {fmt!r}")
    template = environment(lang).get_template(f"summaries/summary.{fmt}")
    return template.render(r=readiness, fmt=Formatter(lang))


def render_status_page(report: StatusReport, charts_data: ChartData, lang: str = "en") -> str:
    """The status of contributions as one HTML page with its charts (printed to PDF)."""
    return (
        environment(lang)
        .get_template("summaries/status.html")
        .render(
            report=report,
            charts=render_charts(charts_data, lang),
            labels=column_labels(lang),
            statuses=pledge_status_labels(lang),
            fmt=Formatter(lang),
        )
    )
