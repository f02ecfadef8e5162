"""The serializer's version, derived from what it writes, for validators and caches.

An ETag or a cached feed is only as trustworthy as the promise that the same data
gives the same bytes. A version number raised by hand breaks that promise the day
someone forgets; a tzdata update changes the VTIMEZONE bytes without touching the
code at all. So the version is a hash of the serializer's output for a fixed sample
(timed, all-day and ambiguous local times, a series with a moved and a cancelled
occurrence, folded non-ASCII text, zones with DST and a rule change; in English
and, with a translated and an untranslated title, in French) and of the
versions of the time-zone databases ``zoneinfo`` may read: any change of the code's
output or of the zone data gives new ETags and cache keys.
"""

import hashlib
import zoneinfo
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from planner.calendars.serializer import FeedHeader, serialize
from planner.content.models import MeetingTranslation
from planner.meetings.models import Meeting, OccurrenceOverride

CREATED = datetime(2020, 1, 6, 9, 0, tzinfo=UTC)


def _utc(local: datetime, zone: str, fold: int = 0) -> datetime:
    return local.replace(tzinfo=ZoneInfo(zone), fold=fold).astimezone(UTC)


def _timed(
    index: int, zone: str, start: datetime, hours: int, fold: int = 0, **fields: Any
) -> Meeting:
    end = start + timedelta(hours=hours)
    start_utc, end_utc = _utc(start, zone, fold), _utc(end, zone, fold)
    values = {
        "uid": f"sample-{index}@planner.version",
        "title": f"Sample {index}",
        "kind": "preparatory",
        "status": "confirmed",
        "visibility": "public",
        "is_sample": False,
        "timezone": zone,
        "all_day": False,
        "start_local": start,
        "end_local": end,
        "start_utc": start_utc,
        "end_utc": end_utc,
        "span_end_utc": end_utc,
        "sequence": index,
        "created_at": CREATED,
        "last_modified": CREATED + timedelta(days=index),
        "overrides": [],
        "translations": [],
    }
    return Meeting(**{**values, **fields})


def sample_meetings() -> list[Meeting]:
    """Transient meetings (never added to a session) that exercise every branch of the output."""
    zone = "America/New_York"
    moved_from = datetime(2020, 3, 9, 10, 0)
    cancelled_from = datetime(2020, 3, 16, 10, 0)
    overrides = [
        OccurrenceOverride(
            original_start_local=moved_from,
            original_start_utc=_utc(moved_from, zone),
            cancelled=False,
            start_local=datetime(2020, 3, 9, 11, 0),
            end_local=datetime(2020, 3, 9, 12, 0),
            start_utc=_utc(datetime(2020, 3, 9, 11, 0), zone),
            end_utc=_utc(datetime(2020, 3, 9, 12, 0), zone),
            venue="Conference Room 4",
            sequence=2,
            last_modified=CREATED + timedelta(days=30),
        ),
        OccurrenceOverride(
            original_start_local=cancelled_from,
            original_start_utc=_utc(cancelled_from, zone),
            cancelled=True,
            cancel_reason="Room unavailable",
            sequence=2,
            last_modified=CREATED + timedelta(days=31),
        ),
    ]
    series = _timed(
        1, zone, datetime(2020, 3, 2, 10, 0), 1,
        recurrence="FREQ=WEEKLY;COUNT=4",
        span_end_utc=_utc(datetime(2020, 3, 23, 11, 0), zone),
        overrides=overrides,
        venue="UN Headquarters, New York",
        online_url="https://meet.example.org/nwfz",
        info_url="https://example.org/nwfz",
        organizer_name="Secretariat",
        organizer_email="secretariat@example.org",
        agenda="议程：无核武器区与蒙古国第四次会议筹备工作; повестка дня; جدول الأعمال " * 3,
        is_sample=True,
        translations=[
            MeetingTranslation(
                language="fr", title="Exemple 1", venue="Siège de l'ONU", agenda="Ordre du jour"
            )
        ],
    )  # fmt: skip
    conference = Meeting(
        uid="sample-0@planner.version",
        title='Fourth Conference; a "quoted", escaped\\ title',
        kind="conference",
        status="cancelled",
        cancel_reason="Postponed",
        visibility="public",
        is_sample=False,
        timezone=zone,
        all_day=True,
        start_date=date(2020, 4, 24),
        end_date=date(2020, 4, 24),
        start_utc=datetime(2020, 4, 24, 4, 0, tzinfo=UTC),
        end_utc=datetime(2020, 4, 25, 4, 0, tzinfo=UTC),
        span_end_utc=datetime(2020, 4, 25, 4, 0, tzinfo=UTC),
        sequence=1,
        created_at=CREATED,
        last_modified=CREATED,
        overrides=[],
        translations=[],
    )
    later_of_two = _timed(2, zone, datetime(2020, 11, 1, 1, 30), 1, fold=1, status="tentative")
    almaty = _timed(3, "Asia/Almaty", datetime(2024, 2, 28, 15, 0), 2, kind="seminar")
    return [conference, series, later_of_two, almaty]


def tz_database_versions() -> str:
    """Every time-zone database ``zoneinfo`` may read: the system's (``tzdata.zi`` names
    its release) and the ``tzdata`` package's."""
    found = []
    for folder in zoneinfo.TZPATH:
        index = Path(folder) / "tzdata.zi"
        if index.is_file():
            with index.open(encoding="utf-8") as lines:
                found.append(f"{folder}:{lines.readline().strip()}")
    try:
        import tzdata

        found.append(f"tzdata:{tzdata.IANA_VERSION}")
    except ImportError:  # zoneinfo then reads the system's files only
        pass
    return ";".join(found)


@cache
def serializer_version() -> str:
    """A hash of the sample feed's bytes and of the time-zone databases' versions."""
    digest = hashlib.sha256()
    for language in ("en", "fr"):
        header = FeedHeader(
            name="Sample — 样本",
            organizer="sample@planner.version",
            description="Version sample",
            language=language,
        )
        digest.update(serialize(header, sample_meetings()))
    digest.update(tz_database_versions().encode("utf-8"))
    return digest.hexdigest()[:32]
