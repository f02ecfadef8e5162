"""``planner user add|list|passwd|disable|enable|sign-out-everywhere``: web planner accounts."""

import sys

import click

from planner.cli.app import CliState, pass_state
from planner.cli.output import emit, emit_created, format_option
from planner.users.models import ROLES
from planner.users.operations import (
    add_user,
    change_password,
    disable_user,
    enable_user,
    list_users,
    sign_out_everywhere,
    user_record,
)

password_stdin_option = click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input instead of a prompt.",
)


def read_password(from_stdin: bool) -> str:
    """A password typed twice at a hidden prompt, or the first line of stdin for scripts."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@click.group("user")
def user_group() -> None:
    """People who sign in to the web planner."""


@user_group.command("add")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(ROLES), help="What the user may do.")
@click.option("--name", "display_name", help="Display name (default: the username).")
@password_stdin_option
@format_option
@pass_state
def user_add(
    state: CliState,
    username: str,
    role: str,
    display_name: str | None,
    password_stdin: bool,
    fmt: str,
) -> None:
    """Add a user who can sign in to the web planner."""
    password = read_password(password_stdin)
    with state.session() as session:
        user = add_user(
            session,
            state.context,
            username=username,
            role=role,
            password=password,
            display_name=display_name,
        )
        record = user_record(user)
    emit_created(record, fmt, "user")


@user_group.command("list")
@format_option
@pass_state
def user_list(state: CliState, fmt: str) -> None:
    """List users (never their password hashes)."""
    with state.session() as session:
        rows = [user_record(user) for user in list_users(session)]
    emit(rows, fmt)


@user_group.command("passwd")
@click.argument("username")
@password_stdin_option
@pass_state
def user_passwd(state: CliState, username: str, password_stdin: bool) -> None:
    """Set a user's password (ends the user's web sessions, clears the sign-in throttle)."""
    password = read_password(password_stdin)
    with state.session() as session:
        user = change_password(session, state.context, username, password)
        name = user.username
    click.echo(f"password changed for {name}")


@user_group.command("disable")
@click.argument("username")
@pass_state
def user_disable(state: CliState, username: str) -> None:
    """Stop a user from signing in and end their web sessions (the account and history stay)."""
    with state.session() as session:
        user = disable_user(session, state.context, username)
        name = user.username
    click.echo(f"disabled {name}")


@user_group.command("enable")
@click.argument("username")
@pass_state
def user_enable(state: CliState, username: str) -> None:
    """Let a disabled user sign in again."""
    with state.session() as session:
        user = enable_user(session, state.context, username)
        name = user.username
    click.echo(f"enabled {name}")


@user_group.command("sign-out-everywhere")
@click.argument("username")
@pass_state
def user_sign_out_everywhere(state: CliState, username: str) -> None:
    """End every web session of a user, on every device (a lost laptop, a shared computer)."""
    with state.session() as session:
        ended = sign_out_everywhere(session, state.context, username)
    click.echo(f"ended {ended} session{'s' if ended != 1 else ''} of {username}")


COMMANDS = (user_group,)
