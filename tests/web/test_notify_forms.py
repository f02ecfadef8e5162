"""The meeting forms tell the organizer who a change will notify, and let them not notify."""

from sqlalchemy import select

from planner.db import unit_of_work
from planner.directory.operations import add_contact
from planner.notifications.models import OutboxMessage
from planner.notifications.sending import expand_notices
from tests.web.conftest import csrf_token

PAGE = "/en/manage/fourth-2020/meetings/2"


def _text(response) -> str:
    return response.get_data(as_text=True)


def _queued(engine) -> list[str]:
    """Whom the sender will write to (a change to all recipients is a notice until then)."""
    expand_notices(engine)
    with unit_of_work(engine) as session:
        return [m.recipient for m in session.scalars(select(OutboxMessage))]


def test_the_organizer_sees_who_is_notified_and_may_choose_not_to(signed_in, demo, engine, context):
    demo_invitations = _queued(engine)  # the data set's sample contacts were invited on loading
    with unit_of_work(engine) as session:
        add_contact(session, context, name="Ana Pérez", email="ana@example.org", party="MEX")
    client = signed_in("organizer")
    page = _text(client.get(PAGE))
    assert page.count("Will be notified by e-mail:") == 2  # details, reschedule
    assert "<bdi>Ana Pérez</bdi> &lt;ana@example.org&gt;" in page
    # the details form changes the invitees: those removed are told, and the form says so
    assert page.count("Anyone you remove from the invitees is sent a message") == 1
    cancel_page = _text(client.get(f"{PAGE}/cancel"))  # cancelling asks on a page of its own
    assert cancel_page.count("Will be notified by e-mail:") == 1
    assert "Anyone you remove from the invitees" not in cancel_page
    assert "<bdi>Ana Pérez</bdi> &lt;ana@example.org&gt;" in cancel_page
    schedule_page = _text(client.get("/en/manage/fourth-2020/meetings"))
    assert "The contacts of the invited parties and the invited contacts will be" in schedule_page

    move = {
        "csrf_token": csrf_token(page),
        "reschedule-start": "2019-10-16 10:00",
        "reschedule-end": "2019-10-16 11:00",
        "reschedule-quiet": "y",
    }
    assert client.post(f"{PAGE}/reschedule", data=move).status_code == 302
    assert _queued(engine) == demo_invitations
    move.update({"reschedule-start": "2019-10-17 10:00", "reschedule-end": "2019-10-17 11:00"})
    del move["reschedule-quiet"]
    assert client.post(f"{PAGE}/reschedule", data=move).status_code == 302
    assert _queued(engine).count("ana@example.org") == 1  # told once, this time
