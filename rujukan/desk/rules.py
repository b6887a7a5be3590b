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

from rujukan.rules import catalogue, input_rule
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

# --- the desk's catalogue: every rule a desk refuses with -------------------------------

REFERRAL_ADDRESSED_TO_THIS_AGENCY = input_rule(
    "referral_addressed_to_this_agency", None, "a desk takes the referrals addressed to it"
)
REFERRAL_KNOWN = input_rule(
    "referral_known", None, "an event is about a referral this agency received"
)
CANCELLED_BY_THE_REFERRER = input_rule(
    "cancelled_by_the_referrer", None, "a referral is cancelled by its referrer or the case's hub"
)
EXPIRED_BY_THE_REFERRER = input_rule(
    "expired_by_the_referrer", None, "a referral is expired by its referrer or the case's hub"
)
DECLINE_OTHER_NEEDS_DETAIL = input_rule(
    "decline_other_needs_detail", None, "a decline for another reason says which"
)
HOLD_NEEDS_REASON = input_rule("hold_needs_reason", None, "a paused service says why")
ONWARD_TO_ANOTHER_AGENCY = input_rule(
    "onward_to_another_agency", None, "an onward referral goes to another agency"
)
OUTCOME_HUB_ONLINE = input_rule(
    "outcome_hub_online",
    "LT Pasal 17(3)",
    "the case's hub, where outcomes go, is an agency that runs software",
)
CAPACITY_WITHIN_CAPACITY = input_rule(
    "capacity_available_within_capacity",
    None,
    "the places available are no more than the capacity",
)
CAPACITY_FOR_A_LISTED_SERVICE = input_rule(
    "capacity_for_a_listed_service",
    None,
    "an agency notices capacity for a service the matrix lists it for",
)
"""Cites the sources of the district's matrix (``KH Lampiran I``...)."""
FACT_FITS_SERVICE = input_rule(
    "fact_fits_service", None, "a report carries only facts that fit the referral's service"
)
NOT_DELIVERED_NEEDS_REASON = input_rule(
    "not_delivered_needs_reason",
    None,
    "a not_delivered report, and only such a report, gives a reason",
)
OTHER_REASON_NEEDS_A_NOTE = input_rule(
    "other_reason_needs_a_note",
    "LT Pasal 17(3)",
    "a service not delivered for another reason is explained in a note",
)
DID_NOT_ATTEND_IS_NOT_DELIVERED = input_rule(
    "did_not_attend_is_not_delivered",
    None,
    "a child who did not attend was not served",
)
REFERRED_ON_THROUGH_ONWARD = input_rule(
    "referred_on_through_onward",
    "LT Pasal 17(3)",
    "a referral on is made through the onward referral, which tells the hub",
)
FACT_DATE_NOT_IN_THE_FUTURE = input_rule(
    "fact_date_not_in_the_future", None, "a report states what happened, never a later date"
)
SHELTER_DISCHARGE_AFTER_ADMISSION = input_rule(
    "shelter_discharge_after_admission",
    "KH Lampiran I",
    "a shelter stay is one admission and then its discharge, not dated before it",
)
PSYCHOLOGY_SESSIONS_IN_ORDER = input_rule(
    "psychology_sessions_in_order",
    None,
    "psychology sessions are numbered in order, each on or after the one before",
)
REPATRIATION_PLACES_DIFFER = input_rule(
    "repatriation_places_differ",
    "KH Lampiran I",
    "a repatriation moves the child from one place to another",
)

DESK_RULES = catalogue(globals())
"""Every rule of the desk, the report rules shared by the agency services among them."""


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
            FACT_FITS_SERVICE.refuse(
                f"facts: a {fact.kind} fact does not fit a {context.service} referral "
                f"(it may carry: {allowed or 'service_note, did_not_attend'})"
            )
    return []


def reason_only_when_not_delivered(context: ReportContext) -> list[str]:
    """not_delivered needs a reason from the closed list; the other statuses take none."""
    draft = context.draft
    if draft.status is OutcomeStatus.NOT_DELIVERED and draft.not_delivered_reason is None:
        NOT_DELIVERED_NEEDS_REASON.refuse(
            "not_delivered_reason: required when the status is not_delivered"
        )
    if draft.status is not OutcomeStatus.NOT_DELIVERED and draft.not_delivered_reason:
        NOT_DELIVERED_NEEDS_REASON.refuse(
            f"not_delivered_reason: only a not_delivered report has one (status {draft.status})"
        )
    return []


def other_reason_needs_a_note(context: ReportContext) -> list[str]:
    """'other' is explained by a service_note fact, as a decline's 'other' is by its
    detail: the companion must learn why (LT Pasal 17(3))."""
    draft = context.draft
    if draft.not_delivered_reason is NotDeliveredReason.OTHER and not of_kind(
        draft.facts, ServiceNote
    ):
        OTHER_REASON_NEEDS_A_NOTE.refuse(
            "facts: a not_delivered report with reason 'other' needs a service_note fact saying why"
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
        DID_NOT_ATTEND_IS_NOT_DELIVERED.refuse(
            "facts: did_not_attend belongs to a not_delivered report with reason "
            "could_not_contact or child_refused"
        )
    return []


def referred_on_through_onward(context: ReportContext) -> list[str]:
    """A referred_on fact is written by the onward referral itself (``POST
    .../onward``), which also issues the referral and tells the hub."""
    if of_kind(context.draft.facts, ReferredOn):
        REFERRED_ON_THROUGH_ONWARD.refuse(
            "facts: referred_on is recorded by POST /referrals/{id}/onward, which issues "
            "the onward referral and sends the hub a copy"
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
                FACT_DATE_NOT_IN_THE_FUTURE.refuse(
                    f"facts: {fact.kind}.{name} {value.isoformat()} is in the future "
                    f"(today is {context.today.isoformat()})"
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
                    SHELTER_DISCHARGE_AFTER_ADMISSION.refuse(
                        "facts: shelter_admitted while the child is still admitted "
                        f"(since {admitted.isoformat()}); report the discharge first"
                    )
                admitted = fact.admitted_on
            elif isinstance(fact, ShelterDischarged):
                if admitted is None:
                    SHELTER_DISCHARGE_AFTER_ADMISSION.refuse(
                        "facts: shelter_discharged without an admission on this referral"
                    )
                if fact.discharged_on < admitted:
                    SHELTER_DISCHARGE_AFTER_ADMISSION.refuse(
                        f"facts: shelter_discharged.discharged_on {fact.discharged_on} is "
                        f"before the admission on {admitted}"
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
            PSYCHOLOGY_SESSIONS_IN_ORDER.refuse(
                f"facts: psychology_session {fact.session_number} was already reported "
                f"(last: {last_number})"
            )
        if last_date is not None and fact.held_on < last_date:
            PSYCHOLOGY_SESSIONS_IN_ORDER.refuse(
                f"facts: psychology_session {fact.session_number} held on {fact.held_on} "
                f"is before session {last_number} ({last_date})"
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
            REPATRIATION_PLACES_DIFFER.refuse(
                "facts: repatriation origin and destination are the same place"
            )
    return []


def shelter_and_care(expected_days: int | None = None, *, article: str | None = None) -> ReportRule:
    """What the Polres and Dinas Sosial both give (KH Lampiran I) and report alike:
    shelter stays (:func:`shelter_stay`, with ``expected_days`` and its ``article``),
    psychology sessions and repatriation."""
    return combine(
        shelter_stay(expected_days, article=article),
        psychology_sessions_in_order,
        repatriation_places_differ,
    )
