"""The language of a request: ``/ar/...``, ``/fr/...`` etc. in the URL, else Accept-Language.

Every page lives under a ``<lang>`` prefix so a link, a bookmark or a search engine
always gets the same language; the bare root redirects by Accept-Language. Templates
call ``_()`` (Babel catalogs through Jinja's i18n extension) and the filters below.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from babel.numbers import format_decimal, format_percent
from flask import Flask, abort, current_app, g, redirect, request, url_for
from flask.typing import ResponseReturnValue
from markupsafe import Markup, escape
from werkzeug.routing import BuildError

from planner.directory.models import Party
from planner.i18n import (
    DEFAULT_LOCALE,
    LOCALES,
    bracketed,
    date_text,
    datetime_text,
    html_lang,
    language_name,
    money_text,
    party_name,
    text_direction,
    translations,
)
from planner.summaries.formatting import Formatter

LANGUAGE_NAMES = {code: language_name(code) for code in LOCALES}


def negotiated_locale() -> str:
    return request.accept_languages.best_match(LOCALES, default=DEFAULT_LOCALE)


def locale() -> str:
    return g.get("locale") or _path_locale() or negotiated_locale()


def _path_locale() -> str | None:
    """The language prefix of an address no route matched (its 404 page speaks it)."""
    prefix = request.path.lstrip("/").split("/", 1)[0]
    return prefix if prefix in LOCALES else None


def gettext(message: str, **variables: object) -> str:
    """A message in the request's language, for views (templates use ``_``)."""
    text = translations(locale()).gettext(message)
    return text % variables if variables else text


def _take_locale_from_url(endpoint: str | None, values: dict[str, Any] | None) -> None:
    if values is not None and "lang" in values:
        lang = values.pop("lang")
        if lang not in LOCALES:
            abort(404)
        g.locale = lang


def _add_locale_to_urls(endpoint: str, values: dict[str, Any]) -> None:
    if "lang" not in values and current_app.url_map.is_endpoint_expecting(endpoint, "lang"):
        values["lang"] = locale()


def switch_language_url(lang: str) -> str:
    """This page in another language (the home page if this page has no language form)."""
    arguments = {**(request.view_args or {}), **request.args.to_dict(), "lang": lang}
    try:
        if request.method == "GET" and request.endpoint:
            return url_for(request.endpoint, **arguments)
    except BuildError:
        pass
    return url_for("portal.index", lang=lang)


def localized_date(value: date | datetime | None, fmt: str = "long") -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return datetime_text(value, locale(), fmt)
    return date_text(value, locale(), fmt)


def localized_money(amount: Decimal | None, currency: str) -> str:
    """An amount in the page's language; in right-to-left pages isolated (``<bdi>``) so
    that a percentage or a parenthesis next to it does not join its digits."""
    if amount is None:
        return ""
    text = money_text(amount, currency, locale())
    return Markup("<bdi>%s</bdi>") % text if text_direction(locale()) == "rtl" else text


def localized_number(value: int | Decimal) -> str:
    return format_decimal(value, locale=locale())


def localized_percent(value: Decimal | None) -> str:
    """A percentage given in hundredths (``58.6`` -> ``58.6%``, ``58,6 %`` in French)."""
    return "" if value is None else format_percent(value / 100, "#,##0.0%", locale=locale())


def reference_text(text: str | None) -> str:
    """A display text of the reference data set, translated when the catalog has it."""
    return translations(locale()).gettext(text) if text else ""


def content_markup(record: object, field: str) -> Markup:
    """A conference's or a meeting's text in the request's language, the original marked."""
    return Formatter(locale()).content_html(record, field)


def content_text(record: object, field: str) -> str:
    """:func:`content_markup` as plain text (attributes, page titles)."""
    return Formatter(locale()).content(record, field)


def party_label(party: Party) -> str:
    """A party (anything with ``code`` and ``name``) in the request's language."""
    return party_name(party.code, party.name, locale())


def party_text(code: str | None, name: str | None = None) -> str:
    """A party given by code and recorded name (a report row), in the request's language."""
    return party_name(code, name, locale())


def aside(content: object, isolate: bool = False) -> Markup:
    """A secondary mark after a text (a code, a count, a role) in the request's language's
    brackets: `` (KAZ)``, full-width and unspaced in Chinese ``（KAZ）``. ``isolate`` keeps
    a code's direction in right-to-left text (``<bdi>``)."""
    lang = locale()
    inner = escape(content)
    if isolate:
        inner = Markup("<bdi>%s</bdi>") % inner
    return escape(bracketed(inner, lang))  # already Markup: escape() leaves it as it is


def init_app(app: Flask) -> None:
    app.url_value_preprocessor(_take_locale_from_url)
    app.url_defaults(_add_locale_to_urls)
    # the i18n extension adds this method to the environment at run time
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda message: translations(locale()).gettext(message),
        ngettext=lambda singular, plural, n: translations(locale()).ngettext(singular, plural, n),
        newstyle=True,
    )
    app.jinja_env.filters.update(
        date=localized_date,
        money=localized_money,
        number=localized_number,
        percent=localized_percent,
        reference=reference_text,
        content=content_markup,
        content_text=content_text,
        party_name=party_label,
        party_text=party_text,
    )
    app.jinja_env.globals.update(
        LANGUAGE_NAMES=LANGUAGE_NAMES,
        current_locale=locale,
        html_lang=lambda code=None: html_lang(code or locale()),
        text_direction=lambda code=None: text_direction(code or locale()),
        switch_language_url=switch_language_url,
        aside=aside,
    )

    @app.context_processor
    def formatter() -> dict[str, Formatter]:
        """``fmt``: the summaries' formatter in the request's language, so web pages and
        the shared partials (``templates/summaries/_messages.txt``) format alike."""
        return {"fmt": Formatter(locale())}

    @app.get("/")
    def root() -> ResponseReturnValue:
        response = redirect(url_for("portal.index", lang=negotiated_locale()))
        response.vary.add("Accept-Language")
        return response
