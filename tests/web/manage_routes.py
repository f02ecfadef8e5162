"""Every state-changing form of the signed-in pages: who may post it, good and bad input.

One table drives the HTTP tests (roles, CSRF, refusals, audit) so that a new form
added without a row here is noticed by ``test_every_post_route_is_in_the_table``.
"""

from dataclasses import dataclass, field

CONF = "/en/manage/fourth-2020"
PLEDGE_CSV = (
    "party,amount,currency,pledged,reference,due\n"
    "MNG,1000,USD,2019-09-01,WEB-1,2019-12-31\n"
    "KAZ,2000.50,USD,2019-09-02,WEB-2,2020-01-31\n"
)
BAD_PLEDGE_CSV = (
    "party,amount,currency,pledged,reference,due\n"
    "MNG,1000,USD,2019-09-01,WEB-1,2019-12-31\n"
    "XXX,10,USD,2019-09-01,WEB-2,2019-12-31\n"
    "KAZ,10.005,USD,2019-09-01,WEB-3,2019-12-31\n"
)


@dataclass(frozen=True)
class FormRoute:
    """A form: where it is shown and posted, its role, valid and invalid input, what it audits."""

    name: str
    page: str
    action: str
    role: str
    valid: dict
    invalid: dict
    error_field: str  # the id of the field the refusal is shown next to
    audited: tuple[str, str]  # (entity, action) of the audit entry a valid post makes
    files: dict = field(default_factory=dict)

    def url(self, path: str) -> str:
        return CONF + path


FORMS = (
    FormRoute(
        "schedule meeting",
        "/meetings",
        "/meetings",
        "organizer",
        {
            "title": "Web planning meeting",
            "kind": "preparatory",
            "start": "2019-10-21 10:00",
            "end": "2019-10-21 11:30",
            "timezone": "America/New_York",
            "venue": "UNHQ Conference Room 7",
            "visibility": "public",
            "status": "tentative",
        },
        {
            "title": "Web planning meeting",
            "kind": "preparatory",
            "start": "2019-10-21 25:00",
            "end": "2019-10-21 11:30",
            "timezone": "America/New_York",
            "visibility": "public",
            "status": "tentative",
        },
        "start",
        ("meeting", "create"),
    ),
    FormRoute(
        "change meeting details",
        "/meetings/2",
        "/meetings/2/details",
        "organizer",
        {
            "details-title": "Preparatory meeting (renamed)",
            "details-kind": "preparatory",
            "details-status": "confirmed",
            "details-visibility": "public",
        },
        {
            "details-title": "   ",
            "details-kind": "preparatory",
            "details-status": "confirmed",
            "details-visibility": "public",
        },
        "details-title",
        ("meeting", "update"),
    ),
    FormRoute(
        "reschedule meeting",
        "/meetings/2",
        "/meetings/2/reschedule",
        "organizer",
        {"reschedule-start": "2019-10-16 10:00", "reschedule-end": "2019-10-16 11:00"},
        {"reschedule-start": "2019-10-16 10:00", "reschedule-end": "2019-10-16 09:00"},
        "reschedule-end",
        ("meeting", "reschedule"),
    ),
    FormRoute(
        "move one occurrence",
        "/meetings/3",
        "/meetings/3/reschedule",
        "organizer",
        {
            "reschedule-occurrence": "2019-12-10",
            "reschedule-start": "2019-12-11 15:00",
            "reschedule-end": "2019-12-11 16:30",
        },
        {
            "reschedule-occurrence": "2019-12-11",
            "reschedule-start": "2019-12-12 15:00",
            "reschedule-end": "2019-12-12 16:30",
        },
        "reschedule-occurrence",
        ("meeting", "reschedule"),
    ),
    FormRoute(
        "cancel meeting",
        "/meetings/2",
        "/meetings/2/cancel",
        "organizer",
        {"cancel-reason": "Moved to the next session"},
        {"cancel-reason": "  "},
        "cancel-reason",
        ("meeting", "cancel"),
    ),
    FormRoute(
        "cancel one occurrence",
        "/meetings/3",
        "/meetings/3/cancel",
        "organizer",
        {"cancel-occurrence": "2020-01-14", "cancel-reason": "New Year recess"},
        {"cancel-occurrence": "2020-01-15", "cancel-reason": "New Year recess"},
        "cancel-occurrence",
        ("meeting", "cancel"),
    ),
    FormRoute(
        "nominate",
        "/chair",
        "/chair/nominate",
        "organizer",
        {"nominate-party": "MNG", "nominate-person": "A. Person", "nominate-by": "MONGOLIA"},
        {"nominate-party": "ZZZ"},
        "nominate-party",
        ("chair_nomination", "create"),
    ),
    FormRoute(
        "endorse",
        "/chair",
        "/chair/endorse",
        "organizer",
        {"endorse-nomination": "1", "endorse-party": "KGZ", "endorse-date": "2019-10-16"},
        {"endorse-nomination": "1", "endorse-party": "OPANAL", "endorse-date": "2019-10-16"},
        "endorse-party",
        ("chair_endorsement", "create"),
    ),
    FormRoute(
        "withdraw",
        "/chair",
        "/chair/withdraw",
        "organizer",
        {"withdraw-nomination": "1", "withdraw-date": "2019-10-16", "withdraw-confirmed": "y"},
        {"withdraw-nomination": "one", "withdraw-date": "2019-10-16"},
        "withdraw-nomination",
        ("chair_nomination", "withdraw"),
    ),
    FormRoute(
        "designate",
        "/chair",
        "/chair/designate",
        "organizer",
        {"designate-nomination": "1", "designate-date": "2019-10-16"},
        {"designate-nomination": "1", "designate-date": "2019-10-16", "designate-reason": "x"},
        "designate-reason",
        ("chair_designation", "designate"),
    ),
    FormRoute(
        "update action",
        "/actions/10",
        "/actions/10",
        "organizer",
        {"status": "in_progress", "owner": "MNG", "due": "2019-10-31", "note": "Agenda sent"},
        {"status": "in_progress", "owner": "MNG", "due": "31/10/2019"},
        "due",
        ("action", "update"),
    ),
    FormRoute(
        "publish per-party contributions",
        "/finance/contributions",
        "/finance/publication",
        "organizer",
        {"contributions": "per-party"},
        {"contributions": "everything"},
        "contributions",
        ("conference", "publish"),
    ),
    FormRoute(
        "record pledge",
        "/finance/pledges",
        "/finance/pledges",
        "finance",
        {"party": "MNG", "amount": "1000", "currency": "USD", "due": "2019-12-31"},
        {"party": "MNG", "amount": "10.005", "currency": "USD", "due": "2019-12-31"},
        "amount",
        ("pledge", "create"),
    ),
    FormRoute(
        "record pledge in instalments",
        "/finance/pledges",
        "/finance/pledges",
        "finance",
        {
            "party": "KAZ",
            "amount": "900",
            "currency": "USD",
            "instalment": "2019-12-31=300\r\n2020-03-31=600",
            "reference": "WEB-KAZ",
        },
        {
            "party": "KAZ",
            "amount": "900",
            "currency": "USD",
            "instalment": "2019-12-31=300\r\n2020-03-31=500",
        },
        "instalment",
        ("pledge", "create"),
    ),
    FormRoute(
        "record payment",
        "/finance/payments",
        "/finance/payments",
        "finance",
        {"party": "MNG", "amount": "250", "currency": "USD", "received": "2019-10-01"},
        {"party": "MNG", "amount": "250", "currency": "XYZ", "received": "2019-10-01"},
        "currency",
        ("payment", "create"),
    ),
    FormRoute(
        "record payment to a pledge",
        "/finance/payments",
        "/finance/payments",
        "finance",
        {
            "party": "KAZ",
            "amount": "5000",
            "currency": "USD",
            "received": "2019-10-20",
            "pledge": "2",
        },
        {
            "party": "MNG",
            "amount": "5000",
            "currency": "USD",
            "received": "2019-10-20",
            "pledge": "2",
        },
        "pledge",
        ("payment", "create"),
    ),
    FormRoute(
        "cancel pledge",
        "/finance/pledges/2/cancel",  # the confirmation page holds the form
        "/finance/pledges/2/cancel",
        "finance",
        {"cancel-reason": "Budget law not passed", "cancel-date": "2020-01-10"},
        {"cancel-reason": "Budget law not passed", "cancel-date": "2019-01-01"},
        "cancel-date",
        ("pledge", "cancel"),
    ),
    FormRoute(
        "void pledge",
        "/finance/pledges/3/void",  # the confirmation page holds the form
        "/finance/pledges/3/void",
        "finance",
        {"void-reason": "Recorded twice", "void-date": "2019-11-02"},
        {"void-reason": "", "void-date": "2019-11-02"},
        "void-reason",
        ("pledge", "void"),
    ),
    FormRoute(
        "void payment",
        "/finance/payments/2/void",  # the confirmation page holds the form
        "/finance/payments/2/void",
        "finance",
        {"void-reason": "Bank returned it", "void-date": "2019-12-21"},
        {"void-reason": "Bank returned it", "void-date": "not a date"},
        "void-date",
        ("payment", "void"),
    ),
    FormRoute(
        "translate conference",
        "/translations/fr",
        "/translations/fr",
        "organizer",
        {"title": "Quatrième Conférence (traduction)", "venue": "Siège de l'ONU"},
        {"title": "x" * 301, "venue": ""},
        "title",
        ("conference", "translate"),
    ),
    FormRoute(
        "translate meeting",
        "/meetings/2/translations/fr",
        "/meetings/2/translations/fr",
        "organizer",
        {"title": "Réunion préparatoire", "venue": "Siège de l'ONU", "agenda": ""},
        {"title": "Réunion", "venue": "Siège\x07", "agenda": ""},
        "venue",
        ("meeting", "translate"),
    ),
)

READ_PAGES = (
    "/",
    "/fourth-2020/meetings",
    "/fourth-2020/meetings/3",
    "/fourth-2020/chair",
    "/fourth-2020/actions",
    "/fourth-2020/actions/11",
    "/fourth-2020/finance/pledges",
    "/fourth-2020/finance/pledges/2",
    "/fourth-2020/finance/payments",
    "/fourth-2020/finance/payments/2",
    "/fourth-2020/finance/contributions",
    "/fourth-2020/finance/contributions.csv",
    "/fourth-2020/finance/contributions.xlsx",
    "/fourth-2020/finance/contributions.pdf",
    "/fourth-2020/translations/ar",
    "/fourth-2020/meetings/3/translations/zh",
)
FINANCE_ONLY_PAGES = ("/fourth-2020/import",)
IMPORT_POSTS = ("/import/preview", "/import/confirm")
