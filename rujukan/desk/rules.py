"""Named report rules of the referral desk, and the hook a service adds its own with.

A rule reads a :class:`ReportContext` (the referral, the report being made, this
agency's earlier reports on the case, today's date) and either raises
:class:`~rujukan.errors.RuleViolation` (HTTP 422) naming itself and its article, or
returns warnings: facts worth a second look that do not block the report.

:func:`desk_rules` apply to every agency. The others are shared because the duties of
a district's matrix cross agency kinds (KH Lampiran I: the Polres, a legal agency, also
gives temporary shelter and coordinates a psychologist); each service composes the
ones that fit what its agencies deliver into its :data:`ReportPolicy`.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field

from rujukan.errors import RuleViolation
from schemas.base import DocumentRef
from schemas.facts import (
    FACTS_BY_SERVICE,
    DidNotAttend,
    Fact,
    PsychologySession,
    ReferredOn,
    Repatriation,
    ServiceFact,
    ServiceNote,
    ShelterAdmitted,
    ShelterDischarged,
    fact_fits_service,
)
from schemas.referral_status import ReferralStatus
from schemas.vocabulary import NotDeliveredReason, OutcomeStatus, ServiceType


class ReportDraft(BaseModel):
    """What staff submit as one service report (the body of ``POST .../reports``)."""

    model_config = ConfigDict(frozen=True)

    status: OutcomeStatus
    final: bool = Field(
        default=False,
        description=(
            "Closes the referral: completed or partially completed → completed; "
            "not delivered → failed."
        ),
    )
    facts: list[ServiceFact] = Field(default_factory=list, max_length=50)
    not_delivered_reason: NotDeliveredReason | None = Field(
        default=None, description="Required when the status is not_delivered, else absent."
    )
    document_ref: DocumentRef | None = None


class DeskReport(BaseModel):
    """A service report this agency made (stored, and sent as ServiceReported)."""

    model_config = ConfigDict(frozen=True)

    report_id: str
    referral_id: str
    case_id: str
    seq: int = Field(ge=1, description="1 for the referral's first report, then 2, 3...")
    status: OutcomeStatus
    final: bool
    facts: tuple[ServiceFact, ...]
    not_delivered_reason: NotDeliveredReason | None = None
    document_ref: DocumentRef | None = None
    reported_at: datetime
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReportContext:
    """Everything a report rule may look at. ``history`` holds this agency's earlier
    reports on the same case (every referral), oldest first."""

    referral_id: str
    service: ServiceType
    status: ReferralStatus
    draft: ReportDraft
    history: tuple[DeskReport, ...]
    today: date

    def referral_history(self) -> tuple[DeskReport, ...]:
        """The earlier reports on this referral only."""
        return tuple(r for r in self.history if r.referral_id == self.referral_id)

    def earlier_referral_facts(self) -> list[ServiceFact]:
        """Every fact reported on this referral before this report, in order."""
        return [f for r in self.referral_history() for f in r.facts]

    def referral_facts(self) -> list[ServiceFact]:
        """Every fact of this referral so far, this report's last, in order."""
        return [*self.earlier_referral_facts(), *self.draft.facts]

    def earlier_case_facts(self) -> list[ServiceFact]:
        """Every fact this agency reported on the case before this report, in order."""
        return [f for r in self.history for f in r.facts]


ReportRule = Callable[[ReportContext], Sequence[str]]
"""Raises RuleViolation to refuse the report; returns warnings otherwise."""

ReportPolicy = ReportRule
"""What a service adds to the desk's rules (health, social, legal, education...)."""


def combine(*rules: ReportRule) -> ReportPolicy:
    """One policy that applies ``rules`` in order and collects their warnings."""

    def policy(context: ReportContext) -> list[str]:
        warnings: list[str] = []
        for rule in rules:
            warnings.extend(rule(context))
        return warnings

    return policy


def no_policy(context: ReportContext) -> list[str]:
    """A service that adds nothing to the desk's rules."""
    return []


F = TypeVar("F", bound=Fact)


def of_kind(facts: Iterable[ServiceFact], kind: type[F]) -> list[F]:
    return [f for f in facts if isinstance(f, kind)]


# --- the desk's own rules: every agency, every service --------------------------------


def facts_fit_the_service(context: ReportContext) -> list[str]:
    """A report carries only facts that fit the referral's service (the contract's
    ``schemas.facts.FACTS_BY_SERVICE``): outcomes and document references, never a
    diagnosis or a statement."""
    for fact in context.draft.facts:
        if not fact_fits_service(fact.kind, context.service):
            allowed = ", ".join(sorted(FACTS_BY_SERVICE.get(context.service, ())))
            raise RuleViolation(
                f"facts: a {fact.kind} fact does not fit a {context.service} referral "
                f"(it may carry: {allowed or 'service_note, did_not_attend'})",
                rule="fact-fits-service",
            )
    return []


def reason_only_when_not_delivered(context: ReportContext) -> list[str]:
    """not_delivered needs a reason from the closed list; the other statuses take none."""
    draft = context.draft
    if draft.status is OutcomeStatus.NOT_DELIVERED and draft.not_delivered_reason is None:
        raise RuleViolation(
            "not_delivered_reason: required when the status is not_delivered",
            rule="not-delivered-needs-reason",
        )
    if draft.status is not OutcomeStatus.NOT_DELIVERED and draft.not_delivered_reason:
        raise RuleViolation(
            f"not_delivered_reason: only a not_delivered report has one (status {draft.status})",
            rule="not-delivered-needs-reason",
        )
    return []


def other_reason_needs_a_note(context: ReportContext) -> list[str]:
    """'other' is explained by a service_note fact, as a decline's 'other' is by its
    detail: the companion must learn why (LT Pasal 17(3))."""
    draft = context.draft
    if draft.not_delivered_reason is NotDeliveredReason.OTHER and not of_kind(
        draft.facts, ServiceNote
    ):
        raise RuleViolation(
            "facts: a not_delivered report with reason 'other' needs a service_note fact "
            "saying why",
            rule="other-reason-needs-a-note",
            article="LT Pasal 17(3)",
        )
    return []


DID_NOT_ATTEND_REASONS = frozenset(
    {NotDeliveredReason.COULD_NOT_CONTACT, NotDeliveredReason.CHILD_REFUSED}
)


def did_not_attend_is_not_delivered(context: ReportContext) -> list[str]:
    """A child who did not come was not served: the report says not_delivered, with the
    reason the child could not be reached or refused (no other reason explains an
    appointment the child missed)."""
    draft = context.draft
    if not of_kind(draft.facts, DidNotAttend):
        return []
    if (
        draft.status is not OutcomeStatus.NOT_DELIVERED
        or draft.not_delivered_reason not in DID_NOT_ATTEND_REASONS
    ):
        raise RuleViolation(
            "facts: did_not_attend belongs to a not_delivered report with reason "
            "could_not_contact or child_refused",
            rule="did-not-attend-is-not-delivered",
        )
    return []


def referred_on_through_onward(context: ReportContext) -> list[str]:
    """A referred_on fact is written by the onward referral itself (``POST
    .../onward``), which also issues the referral and tells the hub."""
    if of_kind(context.draft.facts, ReferredOn):
        raise RuleViolation(
            "facts: referred_on is recorded by POST /referrals/{id}/onward, which issues "
            "the onward referral and sends the hub a copy",
            rule="referred-on-through-onward",
            article="LT Pasal 17(3)",
        )
    return []


def _fact_dates(fact: ServiceFact) -> list[tuple[str, date]]:
    names = ("examined_on", "issued_on", "admitted_on", "discharged_on", "held_on", "completed_on")
    return [(name, value) for name in names if isinstance(value := getattr(fact, name, None), date)]


def dates_not_in_the_future(context: ReportContext) -> list[str]:
    """A report states what happened: no fact is dated after today (a visum's
    issued_on, an admission, a session...)."""
    for fact in context.draft.facts:
        for name, value in _fact_dates(fact):
            if value > context.today:
                raise RuleViolation(
                    f"facts: {fact.kind}.{name} {value.isoformat()} is in the future "
                    f"(today is {context.today.isoformat()})",
                    rule="fact-date-not-in-the-future",
                )
    return []


def desk_rules(*, onward: bool = False) -> ReportPolicy:
    """The rules every agency's reports follow, before its service's own policy.
    ``onward`` is the report an onward referral writes itself (its referred_on fact)."""
    return combine(
        facts_fit_the_service,
        reason_only_when_not_delivered,
        other_reason_needs_a_note,
        did_not_attend_is_not_delivered,
        *(() if onward else (referred_on_through_onward,)),
        dates_not_in_the_future,
    )


# --- shared by the services whose agencies deliver these facts -------------------------


def shelter_stay(expected_days: int | None = None, *, article: str | None = None) -> ReportRule:
    """Shelter admission and discharge (PENAMPUNGAN, KH Lampiran I): one stay at a
    time per referral, a discharge needs an admission and is not dated before it.
    With ``expected_days`` a stay longer than that is a warning, never a refusal
    (the Polres's temporary shelter is "+/- 2 minggu": about two weeks)."""

    def rule(context: ReportContext) -> list[str]:
        admitted: date | None = None
        warnings: list[str] = []
        for fact in context.earlier_referral_facts():
            if isinstance(fact, ShelterAdmitted):
                admitted = fact.admitted_on
            elif isinstance(fact, ShelterDischarged):
                admitted = None
        for fact in context.draft.facts:
            if isinstance(fact, ShelterAdmitted):
                if admitted is not None:
                    raise RuleViolation(
                        "facts: shelter_admitted while the child is still admitted "
                        f"(since {admitted.isoformat()}); report the discharge first",
                        rule="shelter-discharge-after-admission",
                        article="KH Lampiran I",
                    )
                admitted = fact.admitted_on
            elif isinstance(fact, ShelterDischarged):
                if admitted is None:
                    raise RuleViolation(
                        "facts: shelter_discharged without an admission on this referral",
                        rule="shelter-discharge-after-admission",
                        article="KH Lampiran I",
                    )
                if fact.discharged_on < admitted:
                    raise RuleViolation(
                        f"facts: shelter_discharged.discharged_on {fact.discharged_on} is "
                        f"before the admission on {admitted}",
                        rule="shelter-discharge-after-admission",
                        article="KH Lampiran I",
                    )
                warnings.extend(_long_stay(admitted, fact.discharged_on, expected_days, article))
                admitted = None
        if admitted is not None:
            warnings.extend(_long_stay(admitted, context.today, expected_days, article))
        return warnings

    return rule


def _long_stay(
    admitted: date, until: date, expected_days: int | None, article: str | None
) -> list[str]:
    if expected_days is None or (until - admitted).days <= expected_days:
        return []
    cite = f" ({article})" if article else ""
    return [
        f"the shelter stay since {admitted.isoformat()} has lasted {(until - admitted).days} "
        f"days; this shelter is meant for about {expected_days} days{cite}: plan the "
        "next placement with the companion"
    ]


def psychology_sessions_in_order(context: ReportContext) -> list[str]:
    """Psychology sessions are numbered 1, 2, 3... on a referral, each held on or after
    the one before; a skipped number is a warning (a session not reported)."""
    last_number = 0
    last_date: date | None = None
    for fact in context.earlier_referral_facts():
        if isinstance(fact, PsychologySession):
            last_number, last_date = fact.session_number, fact.held_on
    warnings: list[str] = []
    for fact in of_kind(context.draft.facts, PsychologySession):
        if fact.session_number <= last_number:
            raise RuleViolation(
                f"facts: psychology_session {fact.session_number} was already reported "
                f"(last: {last_number})",
                rule="psychology-sessions-in-order",
            )
        if last_date is not None and fact.held_on < last_date:
            raise RuleViolation(
                f"facts: psychology_session {fact.session_number} held on {fact.held_on} "
                f"is before session {last_number} ({last_date})",
                rule="psychology-sessions-in-order",
            )
        if fact.session_number > last_number + 1:
            warnings.append(
                f"psychology_session {fact.session_number} follows session {last_number}: "
                "the sessions between were not reported"
            )
        last_number, last_date = fact.session_number, fact.held_on
    return warnings


def repatriation_places_differ(context: ReportContext) -> list[str]:
    """Pemulangan moves the child from one place to another (KH Lampiran I)."""
    for fact in of_kind(context.draft.facts, Repatriation):
        if fact.origin.casefold() == fact.destination.casefold():
            raise RuleViolation(
                "facts: repatriation origin and destination are the same place",
                rule="repatriation-places-differ",
                article="KH Lampiran I",
            )
    return []
