"""Passwords: the policy a new password must meet, and argon2id hashing.

The policy follows OWASP ASVS level 2 (V2.1): at least :data:`MIN_LENGTH`
characters, any characters allowed (spaces and Unicode included), no composition
rules, and not one of the commonest passwords (``data/common_passwords.txt``,
compared case-insensitively) nor the user name itself. Hashes are argon2id with
``argon2-cffi``'s defaults (RFC 9106's low-memory profile); a hash made with weaker
parameters is re-made at the next good sign-in (:func:`needs_rehash`).
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from boundline.errors import UserInputError

__all__ = ["MIN_LENGTH", "check_policy", "hash_password", "needs_rehash", "verify_password"]

#: The shortest password accepted.
MIN_LENGTH = 12
#: Longer than this is refused too: hashing is slow by design, and a megabyte is not a password.
MAX_LENGTH = 1024

_HASHER = PasswordHasher()


@cache
def common_passwords() -> frozenset[str]:
    """The list of the commonest passwords, lower-cased."""
    text = files("boundline.cases").joinpath("data/common_passwords.txt").read_text("utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#"
    )


def check_policy(username: str, password: str) -> None:
    """Raise a UserInputError saying why ``password`` may not be used, if it may not."""
    if len(password) < MIN_LENGTH:
        raise UserInputError(
            f"A password needs at least {MIN_LENGTH} characters (this one has {len(password)}); "
            "a few unrelated words make a good one."
        )
    if len(password) > MAX_LENGTH:
        raise UserInputError(f"A password may have at most {MAX_LENGTH} characters.")
    folded = password.strip().lower()
    if folded in common_passwords():
        raise UserInputError("That password is one of the commonest passwords: choose another.")
    if folded == username.strip().lower():
        raise UserInputError("A password may not be the user name.")


def hash_password(password: str) -> str:
    """The argon2id hash (PHC string) of ``password``."""
    return _HASHER.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """Whether ``password`` matches the stored hash (always False without one).

    Without a stored hash a dummy hash is still checked, so a missing user or
    password takes as long to refuse as a wrong one.
    """
    try:
        return _HASHER.verify(stored or _dummy(), password) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """Whether a stored hash was made with weaker parameters than today's."""
    return _HASHER.check_needs_rehash(stored)


@cache
def _dummy() -> str:
    return _HASHER.hash("not a password of anyone's")
