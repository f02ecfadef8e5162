"""``planner chair target|nominate|endorse|withdraw|designate|status``."""

from dataclasses import asdict
from typing import Any

import click

from planner.chair.models import ChairDesignation, ChairEndorsement, ChairNomination
from planner.chair.operations import designate, endorse, nominate, set_target, withdraw
from planner.chair.status import ChairStatus, NominationView, chair_status
from planner.cli.app import CliState, language_option, pass_state
from planner.cli.output import emit_created, format_option, render, to_json
from planner.conferences.operations import conference_by_slug
from planner.i18n import DEFAULT_LOCALE, bracketed, party_label, punctuation, translations
from planner.summaries.environment import sentence
from planner.validation import parse_date


def nomination_record(nomination: ChairNomination) -> dict[str, Any]:
    return {
        "id": nomination.id,
        "conference": nomination.conference.slug,
        "state": nomination.state.code,
        "person": nomination.person,
        "title": nomination.title,
        "nominated_by": nomination.nominated_by.code if nomination.nominated_by else None,
        "nominated_on": nomination.nominated_on,
        "withdrawn_on": nomination.withdrawn_on,
        "sample": nomination.is_sample,
    }


def endorsement_record(endorsement: ChairEndorsement) -> dict[str, Any]:
    return {
        "id": endorsement.id,
        "nomination": endorsement.nomination_id,
        "party": endorsement.party.code,
        "endorsed_on": endorsement.endorsed_on,
        "sample": endorsement.is_sample,
    }


def designation_record(designation: ChairDesignation) -> dict[str, Any]:
    return {
        "id": designation.id,
        "nomination": designation.nomination_id,
        "state": designation.nomination.state.code,
        "designated_on": designation.designated_on,
        "at": designation.meeting_ref,
        "replaces": designation.replaces_id,
        "reason": designation.reason,
        "sample": designation.is_sample,
    }


def status_record(status: ChairStatus, lang: str = DEFAULT_LOCALE) -> dict[str, Any]:
    summary = sentence("chair_state", lang, status)
    return {**asdict(status), "sample": status.sample, "summary": summary}


@click.group("chair")
def chair_group() -> None:
    """The designation of a conference's chair."""


@chair_group.command("target")
@click.argument("conference")
@click.option(
    "--date", "target", required=True, metavar="DATE", help="Designate the chair by then."
)
@pass_state
def chair_target(state: CliState, conference: str, target: str) -> None:
    """Set the date by which the chair should be designated."""
    with state.session() as session:
        process = set_target(session, state.context, conference=conference, target=target)
        click.echo(f"chair target of {conference} set to {process.target_date}")


@chair_group.command("nominate")
@click.argument("conference")
@click.option("--party", required=True, metavar="STATE", help="The nominated state (alpha-3).")
@click.option("--person", metavar="NAME", help="The person put forward, if known.")
@click.option("--title", metavar="T", help="The person's title.")
@click.option("--by", metavar="PARTY_OR_ZONE", help="Who made the nomination.")
@click.option("--date", "on", metavar="DATE", help="Date of the nomination (default: today).")
@format_option
@pass_state
def chair_nominate(
    state: CliState,
    conference: str,
    party: str,
    person: str | None,
    title: str | None,
    by: str | None,
    on: str | None,
    fmt: str,
) -> None:
    """Record a state's nomination for the chair."""
    with state.session() as session:
        nomination = nominate(
            session,
            state.context,
            conference=conference,
            party=party,
            person=person,
            title=title,
            by=by,
            on=on,
        )
        record = nomination_record(nomination)
    emit_created(record, fmt, "nomination")


@chair_group.command("endorse")
@click.argument("nomination", type=int)
@click.option(
    "--party", required=True, metavar="PARTY_OR_ZONE", help="The endorsing state or zone."
)
@click.option("--date", "on", metavar="DATE", help="Date of the endorsement (default: today).")
@format_option
@pass_state
def chair_endorse(state: CliState, nomination: int, party: str, on: str | None, fmt: str) -> None:
    """Record a state's or a zone's endorsement of a nomination."""
    with state.session() as session:
        endorsement = endorse(session, state.context, nomination_id=nomination, party=party, on=on)
        record = endorsement_record(endorsement)
    emit_created(record, fmt, "endorsement")


@chair_group.command("withdraw")
@click.argument("nomination", type=int)
@click.option("--date", "on", metavar="DATE", help="Date of the withdrawal (default: today).")
@pass_state
def chair_withdraw(state: CliState, nomination: int, on: str | None) -> None:
    """Withdraw a nomination (it stays on record as withdrawn)."""
    with state.session() as session:
        withdrawn = withdraw(session, state.context, nomination_id=nomination, on=on)
        click.echo(f"withdrew nomination {withdrawn.id} on {withdrawn.withdrawn_on}")


@chair_group.command("designate")
@click.argument("conference")
@click.option("--nomination", required=True, type=int, metavar="ID")
@click.option("--date", "on", metavar="DATE", help="Date of the designation (default: today).")
@click.option("--at", metavar="MEETING", help="Where it was decided (meeting UID or description).")
@click.option("--replace", is_flag=True, help="Replace the designated chair (needs --reason).")
@click.option("--reason", metavar="TEXT", help="Why the designated chair is replaced.")
@format_option
@pass_state
def chair_designate(
    state: CliState,
    conference: str,
    nomination: int,
    on: str | None,
    at: str | None,
    replace: bool,
    reason: str | None,
    fmt: str,
) -> None:
    """Designate a nomination as the conference's chair."""
    with state.session() as session:
        designation = designate(
            session,
            state.context,
            conference=conference,
            nomination_id=nomination,
            on=on,
            at=at,
            replace=replace,
            reason=reason,
        )
        record = designation_record(designation)
    emit_created(record, fmt, "designation")


@chair_group.command("status")
@click.argument("conference")
@click.option("--as-of", metavar="DATE", help="The day to report on (default: today).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("table", "json")),
    default="table",
    show_default=True,
    help="Output format.",
)
@language_option("Language of the table and of the JSON summary (JSON keys stay as documented).")
@pass_state
def chair_status_command(
    state: CliState, conference: str, as_of: str | None, fmt: str, lang: str
) -> None:
    """Where the designation stands: not started, nominations open, designated or overdue."""
    with state.session() as session:
        day = parse_date(as_of, "as-of") if as_of else state.context.now().date()
        status = chair_status(session, conference_by_slug(session, conference), day)
    click.echo(to_json(status_record(status, lang)) if fmt == "json" else status_text(status, lang))


def _sample(flag: bool) -> str:
    """The summaries' mark of sample data (their note explains it)."""
    return " [SAMPLE]" if flag else ""


def _endorsements(nomination: NominationView, lang: str) -> str:
    return punctuation(lang, "comma").join(
        f"{party_label(endorsement.party, endorsement.party_name, lang)} {endorsement.endorsed_on}"
        for endorsement in nomination.endorsements
    )


def _nominee(nomination: NominationView, at: str | None, lang: str) -> str:
    """The nominated state (and person) as the summaries name it; where it was decided after."""
    where = bracketed(at, lang) if at else ""
    return sentence("nominee", lang, nomination) + where


def status_text(status: ChairStatus, lang: str = DEFAULT_LOCALE) -> str:
    """The chair page's facts and tables, in ``lang`` (dates in ISO form, as CLI tables
    write them; the summary sentence is the status summary's own)."""
    _ = translations(lang).gettext
    colon = punctuation(lang, "colon")
    heading = sentence("chair_state_name", lang, status.state)
    if status.days_overdue is not None:
        heading += bracketed(sentence("days", lang, status.days_overdue), lang)
    target = (
        f"{status.target_date}{_sample(status.target_is_sample)}"
        if status.target_date
        else _("not set")
    )
    chair = status.chair
    facts = [
        (_("Status"), heading),
        (_("Target date"), target),
        (
            _("Chair"),
            _nominee(chair.nomination, chair.at, lang) + _sample(chair.sample)
            if chair
            else _("none designated"),
        ),
        (_("Summary"), sentence("chair_state", lang, status)),
    ]
    lines = [
        f"{_('Chair designation')}{colon}{status.conference}",
        _("As of %(date)s") % {"date": status.as_of.isoformat()},
        *(f"{label}{colon}{value}" for label, value in facts),
    ]
    if status.sample:
        lines.append(_("SAMPLE: items marked [SAMPLE] rest on data invented for demonstration."))
    if len(status.history) > 1:
        lines += ["", _("Designation history")]
        rows = [
            {
                _("Chair"): _nominee(item.nomination, item.at, lang) + _sample(item.sample),
                _("From"): item.designated_on,
                _("Until"): item.replaced_on,
                _("Replaced because"): item.replacement_reason,
            }
            for item in status.history
        ]
        lines.append(render(rows, "table"))
    lines += ["", _("Nominations")]
    nominations: list[dict[str, Any]] = [
        {
            "#": nomination.id,
            _("State"): party_label(nomination.state, nomination.state_name, lang)
            + _sample(nomination.sample),
            _("Person"): punctuation(lang, "comma").join(
                part for part in (nomination.person, nomination.title) if part
            ),
            _("Nominated by"): party_label(
                nomination.nominated_by, nomination.nominated_by_name, lang
            ),
            _("Nominated"): nomination.nominated_on,
            _("Withdrawn"): nomination.withdrawn_on,
            _("Endorsed by"): _endorsements(nomination, lang),
        }
        for nomination in status.nominations
    ]
    lines.append(render(nominations, "table"))
    return "\n".join(lines)


COMMANDS = (chair_group,)
