"""The signed-in pages' particular paths: time-zone refusals, clash warnings, the CSV
import's preview and confirm steps, downloads, escaping."""

import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from planner.audit import AuditEntry
from planner.db import unit_of_work
from planner.finance.models import Payment, Pledge
from planner.finance.rates import add_rate
from planner.meetings.models import Meeting
from tests.web.conftest import csrf_token
from tests.web.manage_routes import BAD_PLEDGE_CSV, CONF, FORMS, PLEDGE_CSV
from tests.web.test_manage_pages import ESCAPED_XSS, XSS, error_text, post, text

SCHEDULE = next(form for form in FORMS if form.name == "schedule meeting")
PAYLOAD = re.compile(r'name="payload" type="hidden" value="([^"]+)"')


def schedule(client, **fields):
    return post(client, SCHEDULE, {**SCHEDULE.valid, **fields})


def meeting_titled(engine, title: str) -> Meeting | None:
    with unit_of_work(engine) as session:
        return session.scalar(select(Meeting).where(Meeting.title == title))


def test_a_time_in_the_spring_gap_is_refused_next_to_the_start(signed_in, demo, dump):
    client = signed_in("organizer")
    before = dump()
    response = schedule(client, start="2020-03-08 02:30", end="2020-03-08 04:00")
    assert response.status_code == 422
    assert "does not exist in America/New_York" in error_text(text(response), "start")
    assert 'name="fold"' not in text(response)
    assert dump() == before


def test_an_ambiguous_time_offers_the_earlier_or_later_choice(signed_in, demo, dump, engine):
    client = signed_in("organizer")
    before = dump()
    fields = {"title": "Fall-back meeting", "start": "2019-11-03 01:30", "end": "2019-11-03 03:00"}
    response = schedule(client, **fields)
    assert response.status_code == 422
    page = text(response)
    assert "happens twice" in error_text(page, "start")
    assert 'type="radio" name="fold" value="earlier"' in page
    assert 'type="radio" name="fold" value="later"' in page
    assert dump() == before

    response = schedule(client, **fields, fold="later")
    assert response.status_code == 302
    meeting = meeting_titled(engine, "Fall-back meeting")
    assert meeting.start_utc.isoformat() == "2019-11-03T06:30:00+00:00"  # 01:30 EST, not EDT


def test_a_clash_is_a_warning_shown_after_saving(signed_in, demo, engine):
    client = signed_in("organizer")
    response = schedule(
        client,
        title="Side event at the same place",
        start="2019-10-15 14:00",
        end="2019-10-15 15:00",
        venue="United Nations Headquarters, New York (room SAMPLE)",
    )
    assert response.status_code == 302
    page = text(client.get(response.headers["Location"]))
    warning = re.search(r'<p class="flash warning" role="status">(.*?)</p>', page, re.S)
    assert warning  # the status summary's clash sentence, in the page's language
    assert "overlaps “Preparatory meeting" in warning.group(1)
    assert "same venue: United Nations Headquarters" in warning.group(1)
    assert "same venue" in warning.group(1)
    assert meeting_titled(engine, "Side event at the same place") is not None


def test_a_moved_and_a_cancelled_occurrence_show_on_the_series_page(signed_in, demo):
    client = signed_in("organizer")
    move, cancel = (
        next(form for form in FORMS if form.name == name)
        for name in ("move one occurrence", "cancel one occurrence")
    )
    assert post(client, move, move.valid).status_code == 302
    assert post(client, cancel, cancel.valid).status_code == 302
    page = text(client.get(f"{CONF}/meetings/3"))
    occurrences = page.split('id="occurrences"')[1].split("</table>")[0]
    assert "moved to 2019-12-11 15:00" in occurrences
    assert "cancelled: New Year recess" in occurrences


def preview(client, content: str, kind: str = "pledges", name: str = "pledges.csv"):
    token = csrf_token(text(client.get(f"{CONF}/import")))
    return client.post(
        f"{CONF}/import/preview",
        data={"csrf_token": token, "kind": kind, "file": (io.BytesIO(content.encode()), name)},
        content_type="multipart/form-data",
    )


def confirm(client, payload: str, conference_path: str = CONF):
    token = csrf_token(text(client.get(f"{CONF}/import")))
    return client.post(
        f"{conference_path}/import/confirm", data={"csrf_token": token, "payload": payload}
    )


def test_import_preview_saves_nothing_and_confirm_imports_it(signed_in, demo, dump, engine):
    client = signed_in("finance")
    before = dump()
    response = preview(client, PLEDGE_CSV)
    assert response.status_code == 200
    page = text(response)
    assert "2 rows checked: 2 would be added, 0 are already recorded" in page
    assert page.count('<tr class="new"><td>') == 2
    assert "<td>WEB-2</td>" in page
    assert dump() == before

    response = confirm(client, PAYLOAD.search(page).group(1))
    assert response.status_code == 302
    assert "pledges.csv imported: 2 added, 0 already recorded." in text(
        client.get(response.headers["Location"])
    )
    with unit_of_work(engine) as session:
        references = session.scalars(select(Pledge.reference).where(Pledge.reference.like("WEB-%")))
        assert sorted(references) == ["WEB-1", "WEB-2"]
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "import")).one()
        assert (entry.actor, entry.entity, entry.after["file"]) == (
            "finance-user",
            "pledge",
            "pledges.csv",
        )

    again = text(preview(client, PLEDGE_CSV))
    assert "2 rows checked: 0 would be added, 2 are already recorded" in again
    assert 'name="payload"' not in again


def test_import_preview_lists_every_bad_row_with_its_line(signed_in, demo, dump):
    client = signed_in("finance")
    before = dump()
    response = preview(client, BAD_PLEDGE_CSV)
    assert response.status_code == 422
    problems = re.findall(r"<li>(line \d+: .*?)</li>", text(response))
    assert [problem.split(":")[0] for problem in problems] == ["line 3", "line 4"]
    assert "2 bad rows: nothing was imported." in text(response)
    assert dump() == before


def test_import_of_a_file_with_a_wrong_header_is_refused_next_to_the_file(signed_in, demo, dump):
    client = signed_in("finance")
    before = dump()
    response = preview(client, "who,what\nMNG,1\n")
    assert response.status_code == 422
    assert "wrong header" in error_text(text(response), "file")
    assert dump() == before


def test_a_tampered_or_misdirected_import_is_refused(signed_in, demo, dump):
    client = signed_in("finance")
    payload = PAYLOAD.search(text(preview(client, PLEDGE_CSV))).group(1)
    before = dump()
    tampered = payload[:-3] + ("AAA" if not payload.endswith("AAA") else "BBB")
    assert confirm(client, tampered).status_code == 400
    assert confirm(client, "").status_code == 400
    assert confirm(client, payload, "/en/manage/fifth-2025").status_code == 400
    assert dump() == before


@pytest.mark.parametrize("role", ["organizer", "viewer"])
def test_only_finance_officers_import(signed_in, demo, dump, role):
    client = signed_in(role)
    token = csrf_token(text(client.get(f"{CONF}/meetings")))
    before = dump()
    for path in ("/import/preview", "/import/confirm"):
        assert client.post(f"{CONF}{path}", data={"csrf_token": token}).status_code == 403
    assert dump() == before


def test_import_posts_need_a_csrf_token(signed_in, demo, dump):
    client = signed_in("finance")
    before = dump()
    for path in ("/import/preview", "/import/confirm"):
        assert client.post(f"{CONF}{path}", data={"kind": "pledges"}).status_code == 400
    assert dump() == before


def test_a_payment_changes_the_status_of_contributions_and_its_downloads(signed_in, demo):
    client = signed_in("finance")
    pledge = next(form for form in FORMS if form.name == "record pledge")
    payment = next(form for form in FORMS if form.name == "record payment")
    assert post(client, pledge, pledge.valid).status_code == 302
    page = text(client.get(f"{CONF}/finance/contributions"))
    assert re.search(r'id="total-paid">\$0\.00', page)
    assert post(client, payment, payment.valid).status_code == 302
    page = text(client.get(f"{CONF}/finance/contributions"))
    assert re.search(r'id="total-paid">\$250\.00', page)
    assert re.search(r'id="total-outstanding">\$750\.00', page)

    csv_response = client.get(f"{CONF}/finance/contributions.csv")
    assert csv_response.mimetype == "text/csv"
    assert "attachment" in csv_response.headers["Content-Disposition"]
    lines = text(csv_response).splitlines()
    assert lines[0].startswith("zone,party,name,pledged,paid,outstanding")
    assert any(line.startswith("MONGOLIA,MNG,Mongolia,1000.00,250.00,750.00") for line in lines)

    xlsx = client.get(f"{CONF}/finance/contributions.xlsx")
    assert xlsx.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(xlsx.data))["Status"]
    rows = [row for row in sheet.iter_rows(values_only=True) if row and row[1] == "MNG"]
    assert [float(value) for value in rows[0][3:6]] == [1000.0, 250.0, 750.0]


def test_a_bad_as_of_date_is_refused(signed_in, demo):
    client = signed_in("viewer")
    response = client.get(f"{CONF}/finance/contributions?as_of=yesterday")
    assert response.status_code == 422
    assert "as_of" in text(response)


XSS_CASES = [
    ("schedule meeting", {"title": XSS, "venue": XSS}, "/meetings"),
    ("nominate", {"nominate-person": XSS}, "/chair"),
    ("update action", {"note": XSS}, "/actions/10"),
    ("record pledge", {"reference": XSS, "note": XSS}, "/finance/pledges"),
    ("record payment", {"note": XSS}, "/finance/payments"),
    ("cancel meeting", {"cancel-reason": XSS}, "/meetings/2"),
    ("void payment", {"void-reason": XSS}, "/finance/payments?as_of=2020-01-01"),
]


@pytest.mark.parametrize(("name", "fields", "shown_on"), XSS_CASES, ids=[c[0] for c in XSS_CASES])
def test_markup_in_any_field_is_shown_escaped(signed_in, demo, name, fields, shown_on):
    form = next(form for form in FORMS if form.name == name)
    client = signed_in(form.role)
    response = post(client, form, {**form.valid, **fields})
    assert response.status_code == 302, text(response)[-1500:]
    for page in (text(client.get(CONF + shown_on)), text(client.get(response.headers["Location"]))):
        assert XSS not in page
    assert ESCAPED_XSS in text(client.get(CONF + shown_on))


def test_markup_in_a_refused_field_is_escaped_too(signed_in, demo):
    client = signed_in("organizer")
    response = schedule(client, start=XSS)
    assert response.status_code == 422
    page = text(response)
    assert XSS not in page
    assert "&lt;script&gt;" in error_text(page, "start")


def test_the_workspace_links_each_role_to_its_pages(signed_in, demo):
    client = signed_in("finance")
    page = text(client.get("/zh/manage/"))
    assert 'href="/zh/manage/fourth-2020/import"' in page
    nav = page.split('<nav aria-label="')[1].split("</nav>")[0]
    assert 'href="/zh/manage/"' in nav


def test_the_pages_speak_chinese(signed_in, demo):
    client = signed_in("organizer")
    page = text(client.get("/zh/manage/fourth-2020/chair"))
    assert "<h1>主席指定</h1>" in page
    assert "提名" in page and "Nominate" not in page
    assert "<h2>安排会议</h2>" in text(client.get("/zh/manage/fourth-2020/meetings"))


def test_a_payment_without_a_rate_takes_the_rate_in_force_and_the_page_says_which(
    signed_in, demo, engine, context
):
    with unit_of_work(engine) as session:
        add_rate(
            session, context, "EUR", to="USD", valid_from="2019-09-01", rate="1.1037",
            source="test rates",
        )  # fmt: skip
    client = signed_in("finance")
    payment = next(form for form in FORMS if form.name == "record payment")
    response = post(client, payment, {**payment.valid, "currency": "EUR"})
    assert response.status_code == 302, text(response)[-1500:]
    page = text(client.get(response.headers["Location"]))
    assert "Rate in force used: 1 EUR = 1.1037 USD" in page and "test rates" in page
    with unit_of_work(engine) as session:
        stored = session.scalars(select(Payment).order_by(Payment.id.desc())).first()
        assert (stored.currency, stored.rate, stored.rate_id is not None) == (
            "EUR",
            Decimal("1.1037"),
            True,
        )
