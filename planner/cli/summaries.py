"""``planner summary CONF [--format F] [--lang L] [--as-of DATE] [--viewer V] [-o FILE]``.

By default the summary is the organizers' (everything: the CLI holds the database);
``--viewer public`` writes the version that may be circulated: what the public
conference page shows (no restricted meetings; per-party figures only once published).
"""

from pathlib import Path

import click

from planner import visibility
from planner.cli.app import CLI_VIEWER, CliState, language_option, pass_state
from planner.documents import pdf_from_html
from planner.errors import ValidationError
from planner.summaries.readiness import readiness
from planner.summaries.render import FORMATS, render_summary
from planner.users.models import ROLES
from planner.validation import parse_date


@click.command("summary")
@click.argument("conference")
@click.option(
    "--format",
    "fmt",
    type=click.Choice((*FORMATS, "pdf")),
    default="txt",
    show_default=True,
    help="Plain text, Markdown, one self-contained HTML page, or that page as an A4 PDF.",
)
@language_option("Language of the summary (dates, numbers and names follow it).")
@click.option("--as-of", metavar="DATE", help="The day to report on (default: today).")
@click.option(
    "--viewer",
    "viewer_kind",
    type=click.Choice((visibility.PUBLIC, *ROLES)),
    default=CLI_VIEWER.kind,
    show_default=True,
    help="Whose picture: public is what the public conference page shows.",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE."
)
@pass_state
def summary_command(
    state: CliState,
    conference: str,
    fmt: str,
    lang: str,
    as_of: str | None,
    viewer_kind: str,
    output: Path | None,
) -> None:
    """The readiness picture of a conference: chair, meetings, finance, actions, warnings."""
    day = parse_date(as_of, "as-of") if as_of else state.context.now().date()
    viewer = visibility.Viewer(viewer_kind)
    if fmt == "pdf" and output is None:
        raise ValidationError(field="output", code="export.pdf_needs_file")
    with state.session() as session:
        picture = readiness(session, conference, day, viewer)
    if fmt == "pdf" and output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(pdf_from_html(render_summary(picture, "html", lang)))
        click.echo(f"wrote {output}")
        return
    text = render_summary(picture, fmt, lang)
    if output is None:
        click.echo(text, nl=False)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8", newline="")
    click.echo(f"wrote {output}")


COMMANDS = (summary_command,)
