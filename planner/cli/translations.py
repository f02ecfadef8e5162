"""``--title-fr``, ``--venue-zh``, ``--agenda-ar`` ...: a record's texts in the other languages.

One option per field and language (rather than a repeatable ``--title fr=TEXT``):
``--title`` already names the original, each option shows in ``--help`` with its
language, and a shell needs no quoting of ``=`` inside a title. An empty value
removes the translation (``--title-fr ""``).
"""

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import click

from planner.i18n import TRANSLATION_LANGUAGES, language_name

Command = TypeVar("Command", bound=Callable[..., Any])


def translation_options(fields: Iterable[str]) -> Callable[[Command], Command]:
    """Add ``--FIELD-LANG`` for each field and each language other than English."""
    names = tuple(fields)

    def decorate(command: Command) -> Command:
        for field in reversed(names):
            for language in reversed(TRANSLATION_LANGUAGES):
                command = click.option(
                    f"--{field}-{language}",
                    metavar="TEXT",
                    help=f"The {field} in {language_name(language)} ({language}).",
                )(command)
        return command

    return decorate


def take_translations(
    options: dict[str, Any], fields: Iterable[str]
) -> dict[str, dict[str, str | None]]:
    """Remove the translation options from ``options``: language -> field -> text (None: keep)."""
    return {
        language: {field: options.pop(f"{field}_{language}") for field in fields}
        for language in TRANSLATION_LANGUAGES
    }
