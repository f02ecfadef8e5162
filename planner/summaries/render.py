"""Rendering the readiness picture through Jinja2: text, Markdown and HTML, in any language.

One environment per language (cached): templates under ``templates/summaries/``,
autoescape for ``.html`` only, ``StrictUndefined`` so a misspelt field fails loudly,
and the Babel catalog installed for ``_()``/``ngettext()``. The templates receive the
finished :class:`~planner.summaries.readiness.Readiness` as ``r`` and a
:class:`~planner.summaries.formatting.Formatter` as ``fmt``; they decide only layout.
"""

import re
from functools import cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from planner import resource_dir
from planner.finance.charts import ChartData, render_charts
from planner.finance.labels import column_labels, pledge_status_labels
from planner.finance.status import StatusReport
from planner.i18n import LOCALES, translations
from planner.summaries.formatting import Formatter
from planner.summaries.readiness import Readiness

FORMATS = ("txt", "md", "html")  # and pdf: the html, printed (planner.documents)

# Characters that can start Markdown (or raw HTML) inline syntax: with these escaped,
# any text renders as itself. "#", "-", "+", ">" and "1." only matter at the start of a
# line, and data never starts a line in the summary's Markdown (see markdown_text).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&!#])")


def markdown_text(value: object) -> str:
    """Data as Markdown that shows it verbatim: specials backslash-escaped, one line."""
    text = re.sub(r"\s*[\r\n]+\s*", " ", str(value))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


@cache
def environment(lang: str) -> Environment:
    """The summaries' Jinja2 environment for one language of :data:`planner.i18n.LOCALES`."""
    if lang not in LOCALES:
        raise ValueError(f"no catalog for language {lang!r}")
    env = Environment(
        loader=FileSystemLoader(resource_dir("templates")),
        autoescape=select_autoescape(enabled_extensions=("html",), default=False),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    # the i18n extension adds this method to the environment at run time
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.filters["md"] = markdown_text
    env.filters["money"] = Formatter(lang).money  # the name web templates use too
    return env


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
