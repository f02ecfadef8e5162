"""The registry of refusals: each code and its message, with named placeholders.

A refusal (:class:`planner.errors.PlannerError`) carries one of these codes and the
parameters its message names; a face renders the message from the catalogs in its
reader's language (``N_`` only marks the text for ``make translations``). Messages say
what is wrong with the value of a field and never how a particular face takes it: no
command-line flag, no form label (the CLI adds its flag as a hint, ``planner.cli.hints``).
``%(value)r`` echoes what the user gave, quoted as Python writes it, so that invisible
or odd characters stay visible.
"""


def N_(message: str) -> str:
    """Marks a message for extraction; it is translated when rendered, in the reader's language."""
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Marks a message whose wording follows its ``count`` parameter (``make translations``
    extracts it with ``-k N_plural:1,2``)."""
    return singular, plural


Message = str | tuple[str, str]

REFUSALS: dict[str, Message] = {
    # Text, dates, choices and identifiers (planner.validation, planner.db)
    "text.empty": N_("must not be empty"),
    "text.too_long": N_("is longer than %(limit)s characters"),
    "text.control_character": N_("contains a control character (U+%(codepoint)s)"),
    "text.line_break": N_("contains a line break or tab (U+%(codepoint)s)"),
    "date.out_of_range": N_("%(value)s is outside %(first)s to %(last)s"),
    "date.malformed": N_("%(value)r is not a date (%(shape)s)"),
    "choice.unknown": N_("%(value)r must be one of %(choices)s"),
    "locale.unknown": N_("%(value)r is not a CLDR locale (for example fr_FR)"),
    "timezone.alias": N_("%(value)r is an alias; give the canonical IANA time zone %(zone)r"),
    "timezone.unknown": N_("unknown IANA time zone %(value)r"),
    # Records by the id a user typed (planner.db.get_by_id)
    "meeting.malformed_id": N_("%(value)r is not a meeting id"),
    "meeting.unknown_id": N_("no meeting with id %(id)s"),
    "pledge.malformed_id": N_("%(value)r is not a pledge id"),
    "pledge.unknown_id": N_("no pledge with id %(id)s"),
    "payment.malformed_id": N_("%(value)r is not a payment id"),
    "payment.unknown_id": N_("no payment with id %(id)s"),
    "contact.malformed_id": N_("%(value)r is not a contact id"),
    "contact.unknown_id": N_("no contact with id %(id)s"),
    "nomination.malformed_id": N_("%(value)r is not a nomination id"),
    "nomination.unknown_id": N_("no nomination with id %(id)s"),
    # Database and settings
    "database.bad_url": N_("not a usable database URL (%(reason)s)"),
    "database.unreachable": N_("cannot connect (%(reason)s)"),
    "database.not_upgraded": N_("schema is not up to date (%(state)s); upgrade the database"),
    "setting.not_positive_whole": N_("%(value)r is not a positive whole number of %(unit)s"),
    "setting.not_a_count": N_("%(value)r is not a whole number of at least %(minimum)s"),
    "number.out_of_range": N_("%(value)r must be a whole number from %(low)s to %(high)s"),
    # The recurrence builder (planner.meetings.recurrence)
    "recurrence.weekday": N_("%(value)r is not a weekday"),
    "recurrence.ordinal_needs_month": N_(
        "an ordinal weekday (the second Tuesday) needs a monthly series and one weekday"
    ),
    "recurrence.count_and_until": N_(
        "a series ends after a number of times or on a last day, not both"
    ),
    "recurrence.no_end": N_("a series needs a number of times or a last day"),
    # Translations of content (planner.content)
    "translation.unknown_field": N_("%(value)r cannot be translated"),
    "translation.no_original": N_("there is no %(field_name)s to translate"),
    # Directory
    "party.unknown": N_("no party with code %(value)r"),
    "party.not_a_zone": N_("%(party)s is not a zone"),
    "party.not_state_or_zone": N_("%(party)s is not a state or a zone"),
    "contact.bad_email": N_("%(value)r is not a valid e-mail address (%(reason)s)"),
    "contact.duplicate_email": N_("a contact with e-mail %(email)s already exists"),
    "contact.unknown": N_("no contact with id %(value)s (nor a party code)"),
    # Conferences
    "conference.unknown": N_("no conference %(value)r"),
    "conference.none_yet": N_("there is no conference yet"),
    "conference.bad_slug": N_("%(value)r must be lower-case letters and digits joined by hyphens"),
    "conference.duplicate": N_("a conference %(value)r already exists"),
    "period.end_before_start": N_("%(end)s is before the start %(start)s"),
    # Meetings
    "meeting.end_not_after_start": N_("%(end)s is not after the start %(start)s"),
    "meeting.end_not_after_start_clock_change": N_(
        "is not after the start once the clock change is counted"
    ),
    "meeting.bad_online_url": N_("%(value)r must start with https:// or http://"),
    "meeting.all_day_series": N_("series of all-day meetings are not supported"),
    "meeting.cancelled_not_reinstated": N_(
        "meeting %(meeting)s is cancelled; it cannot be reinstated"
    ),
    "meeting.cancelled_not_rescheduled": N_(
        "meeting %(meeting)s is cancelled; it cannot be rescheduled"
    ),
    "meeting.series_has_exceptions": N_(
        "meeting %(meeting)s has moved or cancelled occurrences; reschedule single occurrences"
    ),
    "meeting.already_cancelled": N_("meeting %(meeting)s is already cancelled"),
    "meeting.not_invited": N_("%(invitee)s is not invited to meeting %(meeting)s"),
    "meeting.contact_not_invited": N_("contact %(contact)s is not invited to meeting %(meeting)s"),
    "occurrence.other_timezone": N_("an occurrence moves within its series' time zone (%(zone)s)"),
    "occurrence.cancelled_not_rescheduled": N_(
        "the occurrence of %(day)s is cancelled; it cannot be rescheduled"
    ),
    "occurrence.already_cancelled": N_("the occurrence of %(day)s is already cancelled"),
    "occurrence.not_a_series": N_("meeting %(meeting)s is not a series"),
    "occurrence.none_that_day": N_("meeting %(meeting)s has no occurrence on %(day)s"),
    "occurrence.several_that_day": N_("meeting %(meeting)s has several occurrences on %(day)s"),
    # Local times and recurrence rules (planner.meetings.timing)
    "time.malformed": N_("%(value)r is not a local time (%(shape)s)"),
    "time.has_offset": N_("%(value)r carries a UTC offset; give the local time and its time zone"),
    "time.skipped": N_(
        "%(time)s does not exist in %(zone)s (the clocks skip that hour for daylight saving time)"
    ),
    "time.ambiguous": N_(
        "%(time)s is ambiguous in %(zone)s (it happens twice when the clocks go back); "
        "say which: the earlier or the later"
    ),
    "rrule.characters": N_(
        "%(value)r is not one RRULE (only letters, digits and = ; , + - may appear)"
    ),
    "rrule.invalid": N_("%(value)r is not a valid RRULE (%(reason)s)"),
    "rrule.frequency": N_("%(value)r needs FREQ=DAILY, WEEKLY, MONTHLY or YEARLY"),
    "rrule.count_and_until": N_("%(value)r has both COUNT and UNTIL"),
    "rrule.endless": N_(
        "%(value)r never ends; give COUNT or UNTIL (a series is planned, not endless)"
    ),
    "rrule.no_occurrence": N_("%(value)r gives no occurrence from the start on"),
    "rrule.until_out_of_range": N_(
        "%(value)r repeats until %(until)s, outside %(first)s to %(last)s"
    ),
    "rrule.too_many": N_("%(value)r gives more than %(limit)s occurrences"),
    # Chair
    "chair.nominee_not_state": N_("%(party)s is not a state; only a state can be nominated"),
    "chair.already_nominated": N_(
        "%(party)s already has an active nomination (nomination %(nomination)s)"
    ),
    "chair.before_nomination": N_("%(day)s is before the nomination (%(nominated_on)s)"),
    "chair.nomination_withdrawn": N_("nomination %(nomination)s was withdrawn on %(withdrawn_on)s"),
    "chair.nomination_already_withdrawn": N_(
        "nomination %(nomination)s was already withdrawn on %(withdrawn_on)s"
    ),
    "chair.already_endorsed": N_(
        "%(party)s already endorsed nomination %(nomination)s on %(endorsed_on)s"
    ),
    "chair.designated_not_withdrawn": N_(
        "nomination %(nomination)s is the designated chair; designate a successor instead, "
        "with a reason"
    ),
    "chair.other_conference": N_(
        "nomination %(nomination)s belongs to conference %(other)s, not %(conference)s"
    ),
    "chair.reason_without_replace": N_("is only used when replacing the designated chair"),
    "chair.nothing_to_replace": N_("%(conference)s has no designated chair to replace"),
    "chair.already_designated": N_(
        "a chair is already designated (nomination %(nomination)s since %(designated_on)s); "
        "replace it, with a reason"
    ),
    "chair.replace_needs_reason": N_("is required to replace a designated chair"),
    "chair.already_chair": N_("nomination %(nomination)s is already the designated chair"),
    "chair.before_designation": N_("%(day)s is before the current designation (%(designated_on)s)"),
    # Actions (the seminar's recommendations)
    "action.unknown": N_("%(conference)s has no action %(number)s"),
    "action.nothing_to_update": N_("give at least one of a status, an owner, a due date or a note"),
    # Money and rates (planner.finance.money)
    "currency.unknown": N_("unknown ISO 4217 currency code %(value)r"),
    "currency.no_minor_unit": N_("%(currency)s is not a currency with a minor unit"),
    "amount.decimal_comma": N_(
        "%(value)r is not a number: it has a comma where a decimal point (1234.50) is expected"
    ),
    "amount.not_a_number": N_("%(value)r is not a number"),
    "amount.not_a_number_in_locale": N_("%(value)r is not a number in %(locale)s"),
    "amount.not_finite": N_("%(value)r is not a finite number"),
    "amount.not_positive": N_("must be greater than zero, got %(value)s"),
    "amount.too_large": N_("%(value)s is too large: amounts stay below %(limit)s"),
    "amount.too_precise": N_("%(value)s has more decimals than %(currency)s allows (%(decimals)s)"),
    "rate.too_large": N_("%(value)s is too large: rates stay below %(limit)s"),
    "rate.too_precise": N_("%(value)s has more than %(decimals)s decimals"),
    "rate.reporting_currency_not_one": N_(
        "%(currency)s is the reporting currency; its rate can only be 1"
    ),
    "rate.missing": N_(
        "%(currency)s is not the reporting currency %(reporting)s: give its exchange rate"
    ),
    # Pledges and payments (planner.finance)
    "finance.not_a_state": N_("%(party)s is not a state; pledges and payments come from states"),
    "finance.not_on_party_list": N_(
        "%(party)s is not a party to any nuclear-weapon-free zone, so not on the "
        "conference's party list"
    ),
    "finance.state_not_on_party_list": N_(
        "%(value)r is not a state on the conference's party list"
    ),
    "instalment.malformed": N_("%(value)r is not DATE=AMOUNT"),
    "pledge.due_and_instalments": N_("give either a due date or instalments, not both"),
    "pledge.no_schedule": N_("give a due date or instalments"),
    "instalment.same_date": N_("two instalments fall on the same date"),
    "instalment.wrong_total": N_(
        "instalments add up to %(total)s, not the pledged %(amount)s %(currency)s"
    ),
    "instalment.before_pledge": N_("%(due)s is before the pledge date %(pledged_on)s"),
    "finance.duplicate_pledge_reference": N_(
        "%(party)s already has a pledge with reference %(reference)r"
    ),
    "finance.duplicate_payment_reference": N_(
        "%(party)s already has a payment with reference %(reference)r"
    ),
    "finance.reference_just_recorded": N_("that party and reference were just recorded"),
    "pledge.other_conference": N_("pledge %(pledge)s belongs to another conference"),
    "pledge.other_party": N_("pledge %(pledge)s is %(owner)s's, not %(party)s's"),
    "pledge.cancelled": N_("pledge %(pledge)s was cancelled on %(on)s"),
    "pledge.voided": N_("pledge %(pledge)s was voided on %(on)s"),
    "pledge.already_cancelled": N_("pledge %(pledge)s was already cancelled on %(on)s"),
    "pledge.unknown_reference": N_("%(party)s has no pledge with reference %(reference)r"),
    "finance.before_pledge": N_("%(day)s is before the pledge date (%(not_before)s)"),
    "finance.before_payment": N_("%(day)s is before the received date (%(not_before)s)"),
    "pledge.already_voided": N_("pledge %(id)s was already voided on %(voided_on)s: %(reason)s"),
    "payment.already_voided": N_("payment %(id)s was already voided on %(voided_on)s: %(reason)s"),
    "rates.duplicate": N_(
        "a %(currency)s to %(to)s rate from %(valid_from)s is already recorded (%(rate)s)"
    ),
    "rates.just_recorded": N_("that rate was just recorded"),
    "rates.same_currency": N_(
        "%(currency)s to %(currency)s is always 1; a rate needs two currencies"
    ),
    "rates.repeated": N_("the same rate already appears on line %(line)s"),
    "rates.recorded_differently": N_(
        "%(currency)s to %(to)s from %(valid_from)s is already recorded as %(recorded)s, "
        "not %(given)s"
    ),
    # Imports (planner.finance.importing)
    "import.too_many_bytes": N_("is larger than %(megabytes)s MB"),
    "import.not_utf8": N_("is not UTF-8 text (%(reason)s at byte %(position)s)"),
    "import.empty": N_("is empty: expected a header line"),
    "import.missing_column": N_("wrong header (missing column %(columns)s); expected %(expected)s"),
    "import.unknown_column": N_("wrong header (unknown column %(columns)s); expected %(expected)s"),
    "import.repeated_column": N_("wrong header (a column appears twice); expected %(expected)s"),
    "import.row_width": N_("%(count)s fields, the header has %(expected)s"),
    "import.repeated_reference": N_("%(reference)r for %(party)s already appears on line %(line)s"),
    "import.recorded_differently": N_(
        "%(reference)r is already recorded with %(recorded)s, not %(given)s"
    ),
    "import.too_many_rows": N_("has more than %(limit)s rows"),
    "import.no_rows": N_("has a header but no rows"),
    "import.bad_rows": N_plural(
        "%(count)s bad row, nothing imported", "%(count)s bad rows, nothing imported"
    ),
    "import.unknown_kind": N_("%(value)r must be pledges or payments"),
    "export.xlsx_needs_file": N_("an XLSX workbook is written to a file: name one"),
    "export.pdf_needs_file": N_("a PDF is written to a file: name one"),
    # Calendars
    "feed.party_and_contact": N_("give a party or a contact, not both"),
    "alarms.too_many": N_("at most %(limit)s alarms, not %(count)s"),
    "alarms.malformed": N_("%(value)r is not a duration such as P1D or PT15M"),
    "alarms.out_of_range": N_("%(value)r must be between one minute and four weeks"),
    "feed.no_live_token": N_("contact %(contact)s has no live feed token"),
    "feed.no_live_token_for": N_("contact %(contact)s has no live feed token for %(conference)s"),
    # The outbox and mail delivery (planner.notifications)
    "outbox.malformed_id": N_("%(value)r is not an outbox message id"),
    "outbox.unknown_id": N_("no outbox message with id %(id)s"),
    "outbox.not_retryable": N_(
        "message %(id)s is %(status)s; only failed or queued messages are retried"
    ),
    "smtp.bad_url": N_("must look like smtp://user:password@host:587 or smtps://host:465"),
    "smtp.bad_ca_file": N_("%(path)r is not a readable file of PEM certificates"),
    # Users and signing in
    "user.bad_username": N_(
        "must be 1-60 lower-case letters, digits, dots, hyphens or underscores"
    ),
    "user.unknown": N_("no user %(value)r"),
    "user.duplicate": N_("a user %(value)r already exists"),
    "user.already_disabled": N_("user %(value)r is already disabled"),
    "user.not_disabled": N_("user %(value)r is not disabled"),
    "password.too_short": N_("must be at least %(limit)s characters long"),
    "password.too_long": N_("is longer than %(limit)s characters"),
    "password.mismatch": N_("does not match the new password"),
    "signin.wrong": N_("wrong username or password"),
    "signin.disabled": N_("this account is disabled"),
    "signin.throttled": N_("too many failed sign-ins; try again in %(seconds)s seconds"),
}

# What a refusal's ``field`` is called for a reader (the web pages show it in their language;
# the CLI shows the field itself, which is also how its flags are named).
FIELD_NAMES: dict[str, str] = {
    "agenda": N_("agenda"),
    "all_day": N_("all day"),
    "amount": N_("amount"),
    "as_of": N_("as of"),
    "at": N_("meeting of the designation"),
    "budget": N_("budget"),
    "by": N_("nominated by"),
    "conference": N_("conference"),
    "confirm_password": N_("new password, again"),
    "contact": N_("contact"),
    "contributions": N_("publication of contributions"),
    "currency": N_("currency"),
    "current_password": N_("current password"),
    "database": N_("database"),
    "date": N_("date"),
    "display_name": N_("display name"),
    "due": N_("due date"),
    "email": N_("e-mail"),
    "end": N_("end"),
    "file": N_("file"),
    "fold": N_("repeated hour"),
    "from": N_("from"),
    "info_url": N_("information page"),
    "instalment": N_("instalment"),
    "instalments": N_("instalments"),
    "invite": N_("invitees"),
    "kind": N_("kind"),
    "locale": N_("locale"),
    "meeting": N_("meeting"),
    "name": N_("name"),
    "new_password": N_("new password"),
    "nomination": N_("nomination"),
    "note": N_("note"),
    "number": N_("recommendation"),
    "occurrence": N_("occurrence"),
    "online_url": N_("online link"),
    "organizer_email": N_("organizer's e-mail"),
    "organizer_name": N_("organizer"),
    "outcome": N_("outcome"),
    "output": N_("output file"),
    "owner": N_("owner"),
    "party": N_("party"),
    "password": N_("password"),
    "payment": N_("payment"),
    "person": N_("person"),
    "pledge": N_("pledge"),
    "pledged": N_("pledge date"),
    "rate": N_("exchange rate"),
    "reason": N_("reason"),
    "received": N_("received date"),
    "reference": N_("reference"),
    "repeat": N_("repetition"),
    "replace": N_("replacement"),
    "role": N_("role"),
    "secretariat_email": N_("secretariat's e-mail"),
    "slug": N_("short name"),
    "source": N_("source"),
    "start": N_("start"),
    "status": N_("status"),
    "timezone": N_("time zone"),
    "title": N_("title"),
    "to": N_("to"),
    "uninvite": N_("invitee to remove"),
    "update": N_("changes"),
    "username": N_("username"),
    "venue": N_("venue"),
    "visibility": N_("visibility"),
    "zone": N_("zone"),
}
