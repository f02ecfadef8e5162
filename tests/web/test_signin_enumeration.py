"""Sign-in answers say nothing about which user names exist.

An unknown name and a known one with a wrong password get the same status and page,
run the same SQL statements and exactly one Argon2 verification with the same
parameters (the time an attacker could measure; the wall-clock figures are in
benchmarks/sign_in.py), and are throttled alike, with Retry-After on the 429.
"""

import re

import pytest
from argon2 import PasswordHasher, extract_parameters
from sqlalchemy import select

from planner.audit import AuditEntry
from planner.db import unit_of_work
from planner.users import passwords
from tests.conftest import count_queries
from tests.web.conftest import Account, csrf_token, sign_in

NONCE = re.compile(r'nonce="[^"]+"')
KNOWN = "ana"
UNKNOWN = "nobody-at-all"


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def verifications(monkeypatch) -> list[str]:
    """The hashes Argon2 is asked to verify against (the real hasher still runs)."""
    seen: list[str] = []
    real = PasswordHasher.verify

    def verify(self, password_hash, password):
        seen.append(password_hash)
        return real(self, password_hash, password)

    monkeypatch.setattr(PasswordHasher, "verify", verify)
    return seen


def attempt(client, name: str, password: str = "wrong password!", lang: str = "en"):
    return sign_in(client, Account(name, "viewer", password), lang=lang)


def page_without_tokens(response) -> str:
    page = NONCE.sub("NONCE", text(response))
    return page.replace(csrf_token(page), "TOKEN").replace(UNKNOWN, "NAME").replace(KNOWN, "NAME")


def test_unknown_and_known_names_cost_the_same(app, client, make_user, verifications):
    make_user(KNOWN, "organizer")
    client.get("/en/sign-in")  # warm the decoy hash and the page
    attempt(client, "warm-up")
    answers, statements, hashes = {}, {}, {}
    for name in (KNOWN, UNKNOWN):
        verifications.clear()
        statements[name], answers[name] = count_queries(
            app.extensions["planner"].engine, lambda n=name: attempt(client, n)
        )
        hashes[name] = list(verifications)
    assert answers[KNOWN].status_code == answers[UNKNOWN].status_code == 401
    assert page_without_tokens(answers[KNOWN]) == page_without_tokens(answers[UNKNOWN])
    assert statements[KNOWN] == statements[UNKNOWN] > 0
    assert len(hashes[KNOWN]) == len(hashes[UNKNOWN]) == 1
    known, decoy = extract_parameters(hashes[KNOWN][0]), extract_parameters(hashes[UNKNOWN][0])
    assert known == decoy  # same memory, time and parallelism cost
    assert hashes[UNKNOWN][0] == passwords.decoy_hash()


@pytest.mark.parametrize("name", [KNOWN, UNKNOWN])
def test_unknown_and_known_names_are_throttled_alike(client, make_user, clock, name):
    make_user(KNOWN, "organizer")
    for _ in range(3):
        assert attempt(client, name).status_code == 401
    throttled = attempt(client, name, lang="zh")
    assert throttled.status_code == 429
    assert throttled.headers["Retry-After"] == "1"
    assert "登录失败次数过多" in text(throttled)
    clock.advance(seconds=1)
    assert attempt(client, name).status_code == 401
    again = attempt(client, name)
    assert (again.status_code, again.headers["Retry-After"]) == (429, "2")
    clock.advance(minutes=20)
    assert attempt(client, name).headers.get("Retry-After") is None  # checked again, wrong


def test_names_are_throttled_as_looked_up(client, make_user):
    make_user(KNOWN, "organizer")
    for variant in (KNOWN, " ANA", "Ana\x00"):  # case, spaces and a NUL are one name
        assert attempt(client, variant).status_code == 401
    assert attempt(client, KNOWN).status_code == 429


def test_failed_sign_ins_are_in_the_audit_log(client, make_user, engine):
    account = make_user(KNOWN, "organizer")
    make_user("bea", "viewer")
    attempt(client, KNOWN)
    attempt(client, UNKNOWN)
    attempt(client, "x" * 500 + "\x07")  # too long, with a control character
    for _ in range(3):
        attempt(client, "bea")
    sign_in(client, account)  # a success is not a refusal
    with unit_of_work(engine) as session:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "sign-in-refused").order_by(AuditEntry.id)
        ).all()
        logged = [(e.actor, e.entity_id, e.after["reason"]) for e in entries]
    assert logged == [
        (KNOWN, KNOWN, "wrong-password"),
        (UNKNOWN, UNKNOWN, "unknown-user"),
        ("x" * 60, "x" * 60, "unknown-user"),
        ("bea", "bea", "wrong-password"),
        ("bea", "bea", "wrong-password"),
        ("bea", "bea", "wrong-password"),
    ]
    assert attempt(client, "bea").status_code == 429
    with unit_of_work(engine) as session:
        last = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert (last.actor, last.after) == ("bea", {"reason": "throttled"})


def test_a_disabled_account_is_refused_and_audited(client, make_user, cli, engine):
    account = make_user(KNOWN, "organizer")
    assert cli("user", "disable", KNOWN).exit_code == 0
    response = sign_in(client, account)
    assert response.status_code == 401
    with unit_of_work(engine) as session:
        last = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert (last.action, last.after) == ("sign-in-refused", {"reason": "disabled"})


def test_a_throttled_password_change_answers_429_with_retry_after(client, make_user):
    account = make_user(KNOWN, "finance")
    sign_in(client, account)
    for expected in (401, 401, 401, 429):
        page = client.get("/en/account/password")
        response = client.post(
            "/en/account/password",
            data={
                "csrf_token": csrf_token(text(page)),
                "current_password": "not my password",
                "new_password": "long enough pass",
                "confirm_password": "long enough pass",
            },
        )
        assert response.status_code == expected
    assert response.headers["Retry-After"] == "1"
