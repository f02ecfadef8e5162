"""Password hashing with Argon2id (argon2-cffi), a memory-hard function.

The hasher's defaults follow RFC 9106's recommended low-memory profile; a hash made
with older parameters is upgraded on the next successful sign-in.
"""

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from planner.errors import ValidationError

MIN_LENGTH = 10
MAX_LENGTH = 1024

_hasher = PasswordHasher()


def checked_password(password: str | None, field: str = "password") -> str:
    """A password long enough to resist guessing; spaces count (pass phrases are welcome)."""
    password = password or ""
    if len(password) < MIN_LENGTH:
        raise ValidationError(field=field, code="password.too_short", limit=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        raise ValidationError(field=field, code="password.too_long", limit=MAX_LENGTH)
    return password


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_matches(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


@cache
def decoy_hash() -> str:
    """A hash with the hasher's own parameters, verified in place of an unknown user's:
    an unknown name then costs exactly one Argon2 verification, like a known one."""
    return _hasher.hash("decoy password for unknown usernames")
