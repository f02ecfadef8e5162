"""One engine per application, one session per request.

A view that changes data calls :func:`commit` once, after its operations succeeded;
anything not committed is rolled back when the request ends, so a refused form or a
failed request leaves the database as it was.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask import Flask, current_app, g
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from planner.audit import Context
from planner.calendars.cache import FeedCache
from planner.calendars.revision import Remembered
from planner.db import make_engine, session_factory
from planner.settings import Settings

if TYPE_CHECKING:
    from planner.web.feeds import Answered


@dataclass(frozen=True)
class WebState:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    feeds: FeedCache
    answered: "Remembered[Answered]"  # what each feed address answered, by data revision

    def dispose(self) -> None:
        """Close the pools' connections (an app that is done with, in tests and benchmarks)."""
        self.engine.dispose()
        self.answered.engine.dispose()


def init_app(app: Flask, settings: Settings) -> None:
    engine = make_engine(settings.database_url, pool_pre_ping=True)
    # the feeds' revision reads: one statement each, so autocommit and no pre-ping
    # (see planner.calendars.revision)
    revisions = make_engine(settings.database_url, isolation_level="AUTOCOMMIT")
    app.extensions["planner"] = WebState(
        settings,
        engine,
        session_factory(engine),
        FeedCache(engine, settings.clock),
        Remembered(revisions),
    )
    app.teardown_appcontext(_close_session)


def state() -> WebState:
    web_state: WebState = current_app.extensions["planner"]
    return web_state


def db() -> Session:
    """This request's session (opened on first use)."""
    if "db_session" not in g:
        g.db_session = state().sessions()
    session: Session = g.db_session
    return session


def commit() -> None:
    db().commit()


def context() -> Context:
    """The audit context of this request: the signed-in user acts, at the settings' clock."""
    user = g.get("user")
    if user is None:
        raise RuntimeError("a change was attempted without a signed-in user")
    return Context(actor=user.username, clock=state().settings.clock)


def _close_session(_error: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
