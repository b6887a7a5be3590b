"""The one rule model of the network, and the rules the shared modules enforce.

A rule has a snake_case name (what API clients switch on: the problem body's ``rule``),
the article it comes from (``None`` for a design decision of the network, such as the
referral state machine), what it says, and its kind: bad input (422), a move the state
does not allow (409), or a move the caller's role does not allow (403). Domain code
checks a rule with :meth:`Rule.check` or refuses with :meth:`Rule.refuse`, so every
refusal names its rule and article. Each domain keeps its rules as named constants in a
catalogue module (``services/intake/domain/rules.py``, ``rujukan/desk/rules.py``, the
agency services' ``domain/policy.py``, ``services/education/domain/rules.py``,
``rujukan/runtime/notify/rules.py``, and this module for the network's own), and a test
specifies every one of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import NoReturn

from rujukan.errors import Forbidden, IllegalState, RuleViolation


class Kind(StrEnum):
    """What a rule is about, and so the HTTP status of its refusal."""

    INPUT = "input"
    """The request's input breaks it: 422."""
    STATE = "state"
    """The current state does not allow the move: 409."""
    FORBIDDEN = "forbidden"
    """The caller's role does not allow the move: 403."""


_ERRORS: Mapping[Kind, type[RuleViolation]] = {
    Kind.INPUT: RuleViolation,
    Kind.STATE: IllegalState,
    Kind.FORBIDDEN: Forbidden,
}


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule: its snake_case name, the article it cites, what it says, its kind."""

    name: str
    article: str | None
    says: str
    kind: Kind = Kind.INPUT

    @property
    def status(self) -> int:
        """The HTTP status the edge answers when the rule is broken."""
        return _ERRORS[self.kind].status

    def error(self, detail: str, *, article: str | None = None) -> RuleViolation:
        """The error refusing a request under this rule, saying what the rule says and
        what was wrong; ``article`` overrides the rule's own for rules whose article is
        data (a matrix row's source)."""
        cited = article if article is not None else self.article
        return _ERRORS[self.kind](f"{self.says}: {detail}", rule=self.name, article=cited)

    def refuse(self, detail: str, *, article: str | None = None) -> NoReturn:
        """Raise this rule's error."""
        raise self.error(detail, article=article)

    def check(self, holds: bool, detail: str, *, article: str | None = None) -> None:
        """Raise this rule's error unless ``holds``."""
        if not holds:
            self.refuse(detail, article=article)


def input_rule(name: str, article: str | None, says: str) -> Rule:
    """A rule the request's input must keep (422)."""
    return Rule(name, article, says, Kind.INPUT)


def state_rule(name: str, article: str | None, says: str) -> Rule:
    """A rule about the state a move starts from (409)."""
    return Rule(name, article, says, Kind.STATE)


def forbidden_rule(name: str, article: str | None, says: str) -> Rule:
    """A rule about who may make a move (403)."""
    return Rule(name, article, says, Kind.FORBIDDEN)


def catalogue(namespace: Mapping[str, object]) -> tuple[Rule, ...]:
    """Every rule of a module's namespace (``catalogue(globals())``), in declared order."""
    return tuple(value for value in namespace.values() if isinstance(value, Rule))


# --- the network's own rules, enforced by the shared modules --------------------------

REFERRAL_STATE_MACHINE = state_rule(
    "referral_state_machine",
    None,
    "a referral moves only as the network's state machine allows, by the role it names",
)
"""``schemas/referral_status.py``: the one state machine every agency applies."""
REFERRAL_MATRIX = input_rule(
    "referral_matrix",
    None,
    "a referral goes to an agency the district's matrix lists for its stage",
)
"""Cites the matrix row's own source (``KH Lampiran I``, ``LT Pasal 17(2)a``...)."""
ANSWER_SENT_BY_ITS_AGENCY = input_rule(
    "answer_sent_by_its_agency", None, "an answer comes from the agency it names"
)
"""Whoever receives answers to its referrals (the hub, an education service) checks that an
answer, report or hand-over names the agency that sent it (the envelope's source)."""
AGENCY_DIRECTORY = input_rule(
    "agency_directory", None, "an agency is one the network's directory lists"
)
TOKEN_OF_THIS_AGENCY = forbidden_rule(
    "token_of_this_agency", None, "a token is used only at the agency or district it names"
)
ROLE = forbidden_rule("role", None, "a route is called only by the roles it names")

NETWORK_RULES: tuple[Rule, ...] = catalogue(globals())
"""The rules of this module."""
