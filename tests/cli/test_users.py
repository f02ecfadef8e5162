"""``planner user add|list|passwd|disable``: prompts, stdin, refusals, audit without hashes."""

import json

import pytest
from argon2 import extract_parameters
from sqlalchemy import select

from planner.db import unit_of_work
from planner.users.models import User
from planner.users.passwords import password_matches

PASSWORD = "correct horse battery"


def stored_user(engine, username: str) -> User:
    with unit_of_work(engine) as session:
        return session.scalar(select(User).where(User.username == username))


@pytest.mark.production_hashing
def test_add_with_password_from_stdin_hashes_it_with_argon2id(cli, engine):
    result = cli(
        "user",
        "add",
        "Ana",
        "--role",
        "organizer",
        "--name",
        "Ana Lima",
        "--password-stdin",
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.stderr
    user = stored_user(engine, "ana")
    assert result.stdout.split()[-1] == str(user.id)
    assert user.password_hash.startswith("$argon2id$")
    parameters = extract_parameters(user.password_hash)  # RFC 9106's low-memory profile
    assert (parameters.memory_cost, parameters.time_cost, parameters.parallelism) == (65536, 3, 4)
    assert PASSWORD not in user.password_hash
    assert password_matches(user.password_hash, PASSWORD)
    assert (user.display_name, user.role, user.disabled) == ("Ana Lima", "organizer", False)


def test_add_prompts_twice_and_refuses_a_mismatch(cli, engine):
    mismatch = cli("user", "add", "bob", "--role", "viewer", input=f"{PASSWORD}\nsomething else\n")
    assert mismatch.exit_code != 0
    assert stored_user(engine, "bob") is None
    typed = cli("user", "add", "bob", "--role", "viewer", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert typed.exit_code == 0, typed.stderr
    assert password_matches(stored_user(engine, "bob").password_hash, PASSWORD)


def test_list_never_shows_hashes_and_the_audit_log_neither(cli):
    cli("user", "add", "ana", "--role", "finance", "--password-stdin", input=PASSWORD)
    listed = json.loads(cli("user", "list", "--format", "json").stdout)
    assert listed == [
        {"id": 1, "username": "ana", "display_name": "ana", "role": "finance", "disabled": False}
    ]
    audit = cli("audit", "list", "--format", "json").stdout
    assert "argon2" not in audit and PASSWORD not in audit
    assert '"entity": "user"' in audit


def test_bad_input_is_refused_and_changes_nothing(cli, dump):
    cli("user", "add", "ana", "--role", "finance", "--password-stdin", input=PASSWORD)
    before = dump()
    for args, stdin, message in [
        (("add", "bob", "--role", "viewer"), "short", "error: password: must be at least 10"),
        (("add", "Bad Name", "--role", "viewer"), PASSWORD, "error: username: must be 1-60"),
        (("add", "ana", "--role", "viewer"), PASSWORD, "error: username: a user 'ana' already"),
        (("passwd", "nobody"), PASSWORD, "error: username: no user 'nobody'"),
        (("passwd", "ana"), "short", "error: password: must be at least 10"),
    ]:
        result = cli("user", *args, "--password-stdin", input=stdin)
        assert (result.exit_code, result.stderr.startswith(message)) == (1, True), result.stderr
    assert cli("user", "add", "bob", "--role", "admin", "--password-stdin").exit_code == 2
    assert dump() == before


def test_passwd_replaces_the_hash_and_clears_failures(cli, engine):
    cli("user", "add", "ana", "--role", "finance", "--password-stdin", input=PASSWORD)
    result = cli("user", "passwd", "ana", "--password-stdin", input="another long one\n")
    assert (result.exit_code, result.stdout) == (0, "password changed for ana\n")
    user = stored_user(engine, "ana")
    assert password_matches(user.password_hash, "another long one")
    assert not password_matches(user.password_hash, PASSWORD)


def test_disable_keeps_the_account_and_refuses_twice(cli, engine, dump):
    cli("user", "add", "ana", "--role", "finance", "--password-stdin", input=PASSWORD)
    assert cli("user", "disable", "ana").stdout == "disabled ana\n"
    assert stored_user(engine, "ana").disabled
    before = dump()
    again = cli("user", "disable", "ana")
    assert (again.exit_code, again.stderr) == (
        1,
        "error: username: user 'ana' is already disabled\n",
    )
    assert dump() == before
