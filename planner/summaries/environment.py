"""The summaries' Jinja2 environment, one per language, and the one sentence renderer.

Templates under ``templates/``, autoescape for ``.html`` only, ``StrictUndefined`` so a
misspelt field fails loudly, and the Babel catalog installed for ``_()``/``ngettext()``.
Apart from :mod:`planner.summaries.render` so that code which needs one sentence of
``_messages.txt`` (the chair's state for ``chair status`` and ``action list``) need not
import the readiness picture, which imports it.
"""

import re
from functools import cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from planner import resource_dir
from planner.i18n import LOCALES, translations
from planner.summaries.formatting import Formatter

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


def sentence(name: str, lang: str, *arguments: Any) -> str:
    """One macro of ``templates/summaries/_messages.txt`` rendered in ``lang``: the same
    words the summaries, the web pages and the command line print."""
    messages = environment(lang).get_template("summaries/_messages.txt")
    macro = getattr(messages.make_module({"fmt": Formatter(lang)}), name)
    return str.__str__(macro(*arguments))
