"""Bearer secrets: session tokens, API tokens, process codes.

A service hands a secret out once and keeps only its SHA-256 digest, so a copy of its
database opens nothing; the secrets are random enough (``secrets.token_urlsafe``) that
an unsalted digest is safe to look up by.
"""

import hashlib
import secrets


def new_token(nbytes: int = 32) -> str:
    """A fresh URL-safe secret of ``nbytes`` random bytes."""
    return secrets.token_urlsafe(nbytes)


def digest(token: str) -> str:
    """What a service stores of a secret it handed out."""
    return hashlib.sha256(token.encode()).hexdigest()
