"""The click application: global options, error handling and the unit of work.

Commands parse their options, open one session, call operations, commit once and
print. A refused operation prints ``error: ...`` on stderr and exits 1.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypeVar

import click
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from planner.audit import Context
from planner.cli.hints import flag_hint
from planner.db import ensure_migrated, make_engine, unit_of_work
from planner.errors import PlannerError
from planner.i18n import DEFAULT_LOCALE, LOCALES, translations
from planner.settings import Settings
from planner.visibility import ORGANIZER

# Whoever runs the CLI holds the database itself, so by default it reads as an organizer
# (everything); ``planner summary --viewer public`` writes the circulable version.
CLI_VIEWER = ORGANIZER


@dataclass
class CliState:
    settings: Settings

    @cached_property
    def engine(self) -> Engine:
        return make_engine(self.settings.database_url)

    @property
    def context(self) -> Context:
        return Context(actor=self.settings.actor, clock=self.settings.clock)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A migrated database's session, committed once when the command succeeds."""
        ensure_migrated(self.engine)
        with unit_of_work(self.engine) as session:
            yield session


pass_state = click.make_pass_decorator(CliState)


class PlannerGroup(click.Group):
    """Turns refusals into one ``error:`` line and exit status 1, anywhere below.

    The line is ``error: FIELD: reason (use --FLAG)``: the reason from the catalogs (in
    the command's ``--lang`` where it has one), the flag from :mod:`planner.cli.hints`.
    """

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        ctx.meta[_COMMAND] = _leaf(ctx, command, rest)
        return name, command, rest

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PlannerError as error:
            click.echo(
                refusal_line(error, ctx.meta.get(_COMMAND), ctx.meta.get(_LANGUAGE)), err=True
            )
            ctx.exit(1)
        except IntegrityError as error:
            # Checks run before writing, so this is a concurrent change that won the race;
            # the transaction was rolled back and nothing was saved.
            reason = str(error.orig).strip().splitlines()[0]
            click.echo(f"error: database: refused by a constraint ({reason})", err=True)
            ctx.exit(1)


FC = TypeVar("FC", bound=Callable[..., Any])  # a command function, as click's decorators take it
_COMMAND = "planner.command"
_LANGUAGE = "planner.language"


def _leaf(
    ctx: click.Context, command: click.Command | None, rest: list[str]
) -> click.Command | None:
    """The command that will run below ``command`` (subgroups take no options of their own)."""
    while isinstance(command, click.Group) and rest and not rest[0].startswith("-"):
        command, rest = command.get_command(ctx, rest[0]), rest[1:]
    return command


def remember_language(ctx: click.Context, parameter: click.Parameter, value: str) -> str:
    """Callback of a ``--lang`` option: a refusal of that command speaks the language too."""
    ctx.meta[_LANGUAGE] = value
    return value


def language_option(help: str) -> Callable[[FC], FC]:
    """The ``--lang`` option of a command that speaks the six languages (English by default);
    its refusals speak the chosen one too."""
    return click.option(
        "--lang",
        type=click.Choice(LOCALES),
        default=DEFAULT_LOCALE,
        show_default=True,
        callback=remember_language,
        help=help,
    )


def refusal_line(
    error: PlannerError, command: click.Command | None, language: str | None = None
) -> str:
    """``error: FIELD: reason (use --FLAG)``; in English (ISO dates) unless ``language``."""
    reason = error.text(language if language and language != DEFAULT_LOCALE else None)
    text = f"{error.field}: {reason}" if error.field else reason
    flag = flag_hint(error, command)
    if flag:
        # The catalog entry carries its own leading space: none before Chinese full-width brackets.
        hint = translations(language or DEFAULT_LOCALE).gettext(" (use %(flag)s)")
        text += ("\n" + hint.lstrip() if "\n" in text else hint) % {"flag": flag}
    return f"error: {text}"


def warn(message: str) -> None:
    click.echo(f"warning: {message}", err=True)
