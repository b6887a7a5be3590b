"""The companion app's languages: Bahasa Indonesia by default, English on request.

Every visible string is a key in ``messages/id.json`` and ``messages/en.json`` (the two
catalogues have the same keys; a test checks it, and that every value of the closed
vocabularies the pages show has its key). ``?lang=en`` (or ``?lang=id``) switches the
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


@cache
def catalogue(language: str) -> Mapping[str, str]:
    """The messages of ``language`` (``id`` or ``en``)."""
    if language not in LANGUAGES:
        raise LookupError(f"no messages in {language!r}")
    text = (
        resources.files("services.intake.web")
        .joinpath("messages", f"{language}.json")
        .read_text("utf-8")
    )
    messages: dict[str, str] = json.loads(text)
    return messages


def choose(requested: str | None, remembered: str | None) -> str:
    """The language asked for in the query, else the remembered one, else Indonesian."""
    for language in (requested, remembered):
        if language in LANGUAGES:
            return language
    return DEFAULT


class Translator:
    """``t("home.title")``, ``t("outcome.accepted", agency=name)``. A missing key shows
    the key itself (``strict`` raises instead, for tests)."""

    def __init__(self, language: str, *, strict: bool = False) -> None:
        self.language = language
        self.messages = catalogue(language)
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
