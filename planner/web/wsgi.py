"""The WSGI entry point for production: ``gunicorn -w 4 'planner.web.wsgi:app'``.

Settings come from the environment (``PLANNER_DATABASE_URL``, ``PLANNER_SECRET_KEY``,
``PLANNER_PUBLIC_BASE_URL``). Several workers must sign cookies with the same key,
so a missing ``PLANNER_SECRET_KEY`` is refused here rather than generated per worker.
Migrate first with ``planner db upgrade``: workers never migrate on start.
"""

from planner.settings import Settings
from planner.web import create_app

settings = Settings.from_env()
if not settings.secret_key:
    # an exception (not SystemExit) makes gunicorn halt instead of respawning workers
    raise RuntimeError("PLANNER_SECRET_KEY must be set for gunicorn (all workers share it)")
app = create_app(settings)
