"""The companion app's languages: Bahasa Indonesia by default, English on request.

The app's own words are ``messages/{id,en}.json`` (the two catalogues have the same keys;
a test checks it, and that every value of the closed vocabularies the pages show has its
key), laid over the network's shared web words (:mod:`rujukan.runtime.web.i18n`).
"""

from __future__ import annotations

from collections.abc import Mapping

from rujukan.runtime.web import i18n as shared
from rujukan.runtime.web.i18n import COOKIE, DEFAULT, LANGUAGES, choose

__all__ = ["COOKIE", "DEFAULT", "LANGUAGES", "PACKAGE", "Translator", "catalogue", "choose"]

PACKAGE = "services.intake.web"


def catalogue(language: str) -> Mapping[str, str]:
    """The messages the companion app shows in ``language`` (``id`` or ``en``)."""
    return shared.catalogue(PACKAGE, language)


class Translator(shared.Translator):
    """The shared translator on the companion's catalogue."""

    def __init__(self, language: str, *, strict: bool = False) -> None:
        super().__init__(language, PACKAGE, strict=strict)
