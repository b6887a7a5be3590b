"""Password hashing: argon2id with argon2-cffi's defaults (RFC 9106's second
recommendation), rehashed at sign-in when the parameters change."""

import secrets
from functools import cached_property

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


class Passwords:
    """argon2id hashing, and a dummy hash checked for an unknown account so that a
    failed sign-in takes as long whatever the reason."""

    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self.hasher = hasher or PasswordHasher()

    def hash(self, password: str) -> str:
        return self.hasher.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        try:
            return self.hasher.verify(password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        return self.hasher.check_needs_rehash(password_hash)

    @cached_property
    def dummy_hash(self) -> str:
        """Checked when the account is unknown, so a failure takes as long either way."""
        return self.hash(secrets.token_urlsafe(16))
