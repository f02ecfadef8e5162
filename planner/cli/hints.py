"""The command line's own hint after a refusal: which flag or command gives what is missing.

The domain's refusals name fields, never flags (the web has no flags); this map is the
one place where a refusal's code, or else its field, meets the CLI's options. A field is
looked up among the options of the command that ran (``planner pledge add`` has
``--rate``, ``planner rate add`` takes the rate as ``--rate`` too), so a new command's
flags are hinted without an entry here; codes whose remedy is another flag or a whole
command are listed.
"""

import click

from planner.errors import PlannerError
from planner.finance.importing import ImportRefused
from planner.finance.money import DECIMAL_COMMA

CODE_HINTS = {
    "time.ambiguous": "--fold earlier|later",
    "rate.missing": "--rate",
    "action.nothing_to_update": "--status, --owner, --due, --note",
    "feed.party_and_contact": "--party | --contact",
    "chair.reason_without_replace": "--replace",
    "chair.already_designated": "--replace --reason",
    "chair.designated_not_withdrawn": "planner chair designate --replace --reason",
    "chair.replace_needs_reason": "--reason",
    "meeting.series_has_exceptions": "--occurrence DATE",
    "database.not_upgraded": "planner db upgrade",
    "export.xlsx_needs_file": "-o FILE",
    "export.pdf_needs_file": "-o FILE",
    "pledge.due_and_instalments": "--due | --instalment",
    "pledge.no_schedule": "--due | --instalment",
}


def flag_hint(error: PlannerError, command: click.Command | None) -> str | None:
    """What to type instead, for the refusal of ``command`` (None when nothing fits)."""
    if isinstance(error, ImportRefused) and DECIMAL_COMMA in error.codes:
        return "--locale fr_FR"  # the file's way of writing numbers, e.g. decimal commas
    if error.code in CODE_HINTS:
        return CODE_HINTS[error.code]
    if command is None or not error.field:
        return None
    name = error.field.replace("-", "_")  # the CLI's own fields are named like its flags
    for parameter in command.params:
        if isinstance(parameter, click.Option) and parameter.name == name:
            return parameter.opts[-1]
    return None
