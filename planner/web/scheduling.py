"""The schedule form's choices and fields, in the page's language.

Dates and times are native ``<input type="date">`` and ``<input type="time">`` (one
field each for the start and the end, read back as the ``YYYY-MM-DD HH:MM`` the domain
parses); the time zone is a list of CLDR exemplar cities grouped by region; invitees are
checkboxes grouped by kind; the recurrence is built from words (see
:mod:`planner.meetings.recurrence`). Nothing here decides anything about a meeting: the
meeting operations check what these fields send.
"""

from collections.abc import Sequence
from functools import cache
from itertools import groupby
from typing import Any

from babel.core import Locale
from babel.dates import get_timezone_location
from wtforms import Field, SelectMultipleField
from wtforms.widgets import DateInput

from planner.directory.models import PartyKind
from planner.directory.operations import list_contacts, list_parties
from planner.i18n import translations
from planner.meetings.recurrence import FREQUENCIES, ORDINALS, WEEKDAYS
from planner.validation import canonical_zones
from planner.web.database import db
from planner.web.localization import gettext, locale, party_label

# IANA regions and the CLDR territory that names them (the rest are named by the catalogs)
_CLDR_REGIONS = {
    "Africa": "002",
    "America": "019",
    "Antarctica": "AQ",
    "Asia": "142",
    "Australia": "009",
    "Europe": "150",
    "Pacific": "009",
}


class LocalDateTimeField(Field):
    widget = DateInput()

    """A wall-clock time as a native date input plus a time input (``<name>-time``).

    The value is ``YYYY-MM-DD HH:MM`` (or the date alone when no time is given, as an
    all-day meeting needs): exactly what the domain's ``parse_local`` reads, which then
    checks it. The date input carries the field's id, so its label and its error
    (``<id>-error``) stay where the domain's refusal names them; the template's
    ``datetime_field`` macro adds the time input next to it.
    """

    def process_formdata(self, valuelist: list[Any]) -> None:
        day = (valuelist[0] if valuelist else "").strip()
        clock = (self._time_input() or "").strip()
        self.data = f"{day} {clock}".strip()

    def _time_input(self) -> str | None:
        formdata = getattr(self, "_formdata", None)
        return formdata.get(f"{self.name}-time") if formdata is not None else None

    def process(self, formdata: Any, data: Any = None, extra_filters: Any = None) -> None:
        self._formdata = formdata
        super().process(formdata, data, extra_filters)

    @property
    def day(self) -> str:
        return (self.data or "").split(" ")[0]

    @property
    def clock(self) -> str:
        parts = (self.data or "").split(" ")
        return parts[1] if len(parts) > 1 else ""

    def _value(self) -> str:
        return self.day


def invitee_field() -> SelectMultipleField:
    """Invitees as chosen: party codes and contact ids (the domain resolves and checks them)."""
    return SelectMultipleField(choices=[], validate_choice=False)


def region_label(region: str, language: str) -> str:
    territory = _CLDR_REGIONS.get(region)
    if territory:
        return str(Locale.parse(language).territories.get(territory, region))
    _ = translations(language).gettext
    return {
        "Arctic": _("Arctic"),
        "Atlantic": _("Atlantic Ocean"),
        "Indian": _("Indian Ocean"),
    }.get(region, _("Other time zones"))


def timezone_groups() -> list[tuple[str, list[tuple[str, str]]]]:
    """Every canonical IANA zone as (region, [(zone, "City, country" in the page's language)])."""
    return [(region, list(zones)) for region, zones in _timezone_groups(locale())]


@cache
def _timezone_groups(language: str) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """The zones grouped and named in one language: the same for every page in it, and
    naming some 400 places through CLDR took a third of the meetings page's time."""

    def region(zone: str) -> str:
        return region_label(zone.split("/")[0] if "/" in zone else "", language)

    def label(zone: str) -> str:
        # CLDR names no place for UTC and the fixed-offset zones: their id says it all
        if "/" not in zone or zone.startswith("Etc/"):
            return zone
        return str(get_timezone_location(zone, language))

    labelled = sorted((region(zone), label(zone), zone) for zone in canonical_zones())
    return tuple(
        (name, tuple((zone, label) for _, label, zone in rows))
        for name, rows in groupby(labelled, key=lambda row: row[0])
    )


def invitee_groups() -> list[tuple[str, list[tuple[str, str, str]]]]:
    """The directory as (group, [(value, name, code)]): zones first (they invite their
    states), then states, organizations and contacts (whose mark is their party)."""
    parties = list_parties(db())
    titles = {
        PartyKind.ZONE: gettext("Zones (invite their states)"),
        PartyKind.STATE: gettext("States"),
        PartyKind.ORGANIZATION: gettext("Organizations"),
    }
    groups = []
    for kind in (PartyKind.ZONE, PartyKind.STATE, PartyKind.ORGANIZATION):
        members = sorted(
            (
                (party.code, party_label(party), party.code)
                for party in parties
                if party.kind == kind
            ),
            key=lambda row: row[1],
        )
        groups.append((titles[kind], members))
    contacts = [
        (str(contact.id), contact.name, contact.party.code if contact.party else f"#{contact.id}")
        for contact in list_contacts(db())
    ]
    groups.append((gettext("Contacts"), contacts))
    return groups


def frequency_labels() -> dict[str, str]:
    return {
        "": gettext("does not repeat"),
        "DAILY": gettext("day(s)"),
        "WEEKLY": gettext("week(s)"),
        "MONTHLY": gettext("month(s)"),
        "YEARLY": gettext("year(s)"),
    }


def weekday_labels() -> list[tuple[str, str]]:
    names = Locale.parse(locale()).days["format"]["wide"]
    return [(code, str(names[index])) for index, code in enumerate(WEEKDAYS)]


def ordinal_labels() -> list[tuple[str, str]]:
    words = {
        1: gettext("first"),
        2: gettext("second"),
        3: gettext("third"),
        4: gettext("fourth"),
        -1: gettext("last"),
    }
    return [("", gettext("(any)"))] + [(str(number), words[number]) for number in ORDINALS]


def recurrence_choices() -> dict[str, Sequence[tuple[str, str]]]:
    frequencies = frequency_labels()
    return {
        "repeat_frequency": [(value, frequencies[value]) for value in ("", *FREQUENCIES)],
        "repeat_ordinal": ordinal_labels(),
        "repeat_weekdays": weekday_labels(),
    }
