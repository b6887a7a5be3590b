"""The web apps' languages: Bahasa Indonesia by default, English on request.

Every visible string is a key of a catalogue: the shared one (``messages/{id,en}.json``
of this package: sign-in, language, errors) with the app's own laid over it (the
companion's, the desk's; an app's key wins). ``?lang=en`` (or ``?lang=id``) switches the
language and is remembered in a cookie.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

LANGUAGES = ("id", "en")
DEFAULT = "id"
COOKIE = "rujukan_lang"
SHARED = "rujukan.runtime.web"


@cache
def own_catalogue(package: str, language: str) -> Mapping[str, str]:
    """The messages of one package alone (``id`` or ``en``)."""
    if language not in LANGUAGES:
        raise LookupError(f"no messages in {language!r}")
    text = resources.files(package).joinpath("messages", f"{language}.json").read_text("utf-8")
    messages: dict[str, str] = json.loads(text)
    return messages


@cache
def catalogue(package: str, language: str) -> Mapping[str, str]:
    """The messages an app of ``package`` shows in ``language``: the shared ones with its
    own over them."""
    return {**own_catalogue(SHARED, language), **own_catalogue(package, language)}


def choose(requested: str | None, remembered: str | None) -> str:
    """The language asked for in the query, else the remembered one, else Indonesian."""
    for language in (requested, remembered):
        if language in LANGUAGES:
            return language
    return DEFAULT


class Translator:
    """``t("home.title")``, ``t("outcome.accepted", agency=name)``. A missing key shows
    the key itself (``strict`` raises instead, for tests)."""

    def __init__(self, language: str, package: str = SHARED, *, strict: bool = False) -> None:
        self.language = language
        self.messages = catalogue(package, language)
        self.strict = strict

    def __call__(self, key: str, **params: Any) -> str:
        message = self.messages.get(key)
        if message is None:
            if self.strict:
                raise KeyError(f"no {self.language} message {key!r}")
            return key
        return message.format(**params) if params else message

    def has(self, key: str) -> bool:
        return key in self.messages
