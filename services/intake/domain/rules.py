"""The rules of the case lifecycle, each a named thing with the article it comes from.

A rule refuses a command either because of the case's state (``conflict``: HTTP 409,
`IllegalState`) or because the command's input breaks it (HTTP 422, `RuleViolation`).
Tests name the rule they specify (``excinfo.value.rule == rules.X.name``), so a rule
is found in one place and tested alone.

Rules with ``article=None`` are design decisions of the network (the referral state
machine of :mod:`schemas.referral_status`, unique ids), not text of a regulation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NoReturn

from rujukan.errors import IllegalState, RuleViolation


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule: its name, the article it cites, and whether it is about state."""

    name: str
    article: str | None
    conflict: bool
    """True: the case's state forbids the move (409); False: the input is wrong (422)."""

    def error(self, detail: str, *, article: str | None = None) -> RuleViolation:
        """The error refusing a command under this rule; ``article`` overrides the
        rule's own for rules whose article is data (a matrix row's source)."""
        cited = article if article is not None else self.article
        error_class = IllegalState if self.conflict else RuleViolation
        return error_class(detail, rule=self.name, article=cited)

    def refuse(self, detail: str, *, article: str | None = None) -> NoReturn:
        """Raise this rule's error."""
        raise self.error(detail, article=article)

    def check(self, holds: bool, detail: str, *, article: str | None = None) -> None:
        """Raise this rule's error unless ``holds``."""
        if not holds:
            self.refuse(detail, article=article)


def _state(name: str, article: str | None) -> Rule:
    return Rule(name, article, conflict=True)


def _input(name: str, article: str | None) -> Rule:
    return Rule(name, article, conflict=False)


# --- any command ------------------------------------------------------------------------

CASE_STARTS_WITH_COMPLAINT = _state("case_starts_with_a_complaint", "LT Pasal 8a, LT Pasal 9(1)")
ONE_COMPLAINT_PER_CASE = _state("one_complaint_opens_the_case", "LT Pasal 9(1)")
NOTHING_AFTER_TERMINATION = _state("nothing_after_termination", "LT Pasal 20(1)")
VALID_FIELDS = _input("valid_fields", None)
"""A value the public event schema or an internal record refuses (e.g. an empty text,
or one longer than 500 characters)."""
DISTRICT_MATRIX = _input("matrix_of_the_case_district", None)
"""The matrix passed in must be the case's district's: the matrix is data per district."""

# --- complaint (LT Pasal 8a, 9; Pasal 1 angka 5) -----------------------------------------

AGENCY_REPORT_NEEDS_REQUEST_LETTER = _input("agency_report_needs_request_letter", "LT Pasal 9(2)")
AGENCY_REPORT_NEEDS_CASE_INFORMATION = _input(
    "agency_report_needs_case_information", "LT Pasal 9(2)"
)
CHILD_AGE_KNOWN = _input("child_age_is_known", "LT Pasal 1 angka 5")
CHILD_UNDER_18 = _input("child_is_under_18", "LT Pasal 1 angka 5")

# --- registration, companion, initial contact, contract (LT Pasal 7, 11–14) ------------

REGISTRATION_ONCE_AFTER_COMPLAINT = _state(
    "registration_once_after_complaint", "LT Pasal 11, LT Pasal 8"
)
CASE_NUMBER_GIVEN = _input("case_number_is_given", "LT Pasal 11")
COMPANION_AFTER_REGISTRATION = _state("companion_after_registration", "LT Pasal 12, LT Pasal 11")
ONE_COMPANION_PER_CASE = _state("one_companion_per_case", "LT Pasal 7(3)")
ASSIGNMENT_LETTER_REQUIRED = _input("assignment_letter_required", "LT Pasal 7(4), LT Pasal 12")
REASSIGNMENT_NAMES_ACTIVE_COMPANION = _state(
    "reassignment_names_the_active_companion", "LT Pasal 7(3)"
)
REASSIGNMENT_TO_ANOTHER_PERSON = _input("reassignment_to_another_person", "LT Pasal 7(3)")
INITIAL_CONTACT_AFTER_ASSIGNMENT = _state(
    "initial_contact_after_assignment", "LT Pasal 13, LT Pasal 12"
)
CONTRACT_AFTER_INITIAL_CONTACT = _state(
    "contract_after_initial_contact", "LT Pasal 14, LT Pasal 13"
)

# --- assessment and plan (LT Pasal 15–16) ----------------------------------------------

ASSESSMENT_AFTER_CONTRACT = _state(
    "assessment_after_contract", "LT Pasal 15, LT Pasal 14, LT Pasal 19(3)"
)
ASSESSMENT_COVERS_CONDITIONS = _input("assessment_covers_conditions", "LT Pasal 15(2)")
ASSESSMENT_HAS_ANALYSIS = _input("assessment_has_analysis", "LT Pasal 15(3)")
ASSESSMENT_RECOMMENDS_SERVICES = _input("assessment_recommends_services", "LT Pasal 15(4)")
PLAN_AFTER_ASSESSMENT = _state("plan_after_assessment", "LT Pasal 16, LT Pasal 15")
CASE_CONFERENCE_IS_A_MEETING = _input("case_conference_is_a_meeting", "LT Pasal 16(2)a")
PLAN_HAS_SERVICES = _input("plan_has_services", "LT Pasal 16(2)c")
PLAN_LINES_DISTINCT = _input("plan_lines_distinct", "LT Pasal 16(2)c")
TARGET_IN_DISTRICT_MATRIX = _input("target_in_district_matrix", None)
"""Cites the matrix row's own source (``KH Lampiran I``, ``LT Pasal 17(2)a``...)."""
PLANNED_SERVICE_MATCHES_MATRIX = _input("planned_service_matches_matrix", None)
"""Cites the matrix row's own source."""

# --- referrals (LT Pasal 10, 17; KH Lampiran I) ----------------------------------------

REFERRAL_NEEDS_PLAN = _state("referral_needs_plan", "LT Pasal 17(1), LT Pasal 16")
REFERRAL_FOLLOWS_PLAN = _input("referral_follows_plan", "LT Pasal 17(1)")
REFERRAL_ID_UNIQUE = _state("referral_id_unique", None)
ONE_OPEN_REFERRAL_PER_TARGET = _state("one_open_referral_per_stage_and_target", None)
KNOWN_REFERRAL = _input("known_referral", None)
ANSWER_FROM_TARGET = _input("answer_from_the_target", None)
REFERRAL_STATE_MACHINE = _state("referral_state_machine", None)
REPORT_ONCE = _state("service_report_recorded_once", None)
REPORT_FACTS_FIT_SERVICE = _input("report_facts_fit_the_service", "LT Pasal 17(3)")
REROUTE_ONLY_DECLINED_OR_EXPIRED = _state("reroute_only_declined_or_expired", None)
REROUTE_ONCE = _state("reroute_once", None)
REROUTE_TO_ANOTHER_TARGET = _input("reroute_to_another_target", "KH Lampiran I")
OFFLINE_ANSWER_ONLY_FOR_OFFLINE_REFERRAL = _state("offline_answer_only_for_offline_referral", None)
"""The companion records answers and reports by hand only for an institution that runs no
software (or the hub itself); an online target answers for itself."""
DECLINE_NEEDS_REASON = _input("decline_needs_a_reason", None)
ONWARD_COPY_FOR_THIS_HUB = _input("onward_referral_copy_names_this_hub_and_a_parent", None)
"""The hub's inbox takes a ReferralIssued only as the copy of a referral made by another
agency naming this hub as the case's hub: an onward referral names the referral it
continues; without one, see :data:`REFERRAL_BY_SUBMITTING_AGENCY`."""
REFERRAL_BY_SUBMITTING_AGENCY = _input(
    "referral_without_parent_by_the_submitting_agency", "LT Pasal 9(2); BTG Pasal 18(4)c"
)
"""A referral that continues none of the case's referrals is the hub's to record only
when the agency that submitted the case's complaint made it: a school head refers a
pupil at once to the service needed (BTG 18(4)c) and reports the case to the Dinas with
a request letter (LT 9(2)); the outcomes reach the companion like any other."""
ANSWER_SENT_BY_ITS_AGENCY = _input("answer_sent_by_its_agency", None)
"""An answer, report or hand-over names the agency that sent it (the envelope's source)."""
ONWARD_REFERRAL_NEEDS_OPEN_PARENT = _state("onward_referral_needs_an_open_parent", None)
ONWARD_REFERRAL_FROM_PARENT_TARGET = _input(
    "onward_referral_from_the_parent_target", "KH Pasal 1 angka 16"
)
"""Only the agency a referral was issued to refers the child on within the network."""
HAND_OVER_BY_THE_REFERRER = _input("hand_over_by_the_referrer", "LT Pasal 17(3); BTG Pasal 18(6)k")
"""Only the agency that made a referral hands the child over to the companion when the
service was not received (a Batang school head, BTG 18(6)k); the target reports through
its service reports."""
HAND_OVER_ONCE = _state("hand_over_recorded_once", "LT Pasal 17(3); BTG Pasal 18(6)k")

# --- evaluation and termination (LT Pasal 19–20) ----------------------------------------

EVALUATION_NEEDS_PLAN = _state("evaluation_needs_plan", "LT Pasal 19, LT Pasal 16")
EVALUATION_BY_COMPANION = _input("evaluation_by_the_companion", "LT Pasal 19(1)")
MORE_SERVICES_ONLY_IF_NOT_WELL = _input("more_services_only_if_not_well", "LT Pasal 19(3)")
TERMINATION_AFTER_REGISTRATION = _state(
    "termination_after_registration", "LT Pasal 20(2), LT Pasal 11"
)
SERVICES_COMPLETED_NEEDS_PREPARATION = _state(
    "services_completed_needs_preparation", "LT Pasal 20(2)a, LT Pasal 19(2)b"
)
SERVICES_COMPLETED_NEEDS_NO_OPEN_REFERRAL = _state(
    "services_completed_needs_no_open_referral", "LT Pasal 20(2)a"
)
REFERRED_ELSEWHERE_NAMES_PLACE = _input("referred_elsewhere_names_the_place", "LT Pasal 20(2)d")


# --- closing the loop (LT Pasal 17(3)) ----------------------------------------------------

OUTCOME_KNOWN = _input("outcome_known", "LT Pasal 17(3)")
ACKNOWLEDGED_BY_ITS_RECIPIENT = _state("acknowledged_by_its_recipient", "LT Pasal 17(3)")
ACKNOWLEDGED_ONCE = _state("outcome_acknowledged_once", "LT Pasal 17(3)")
OVERDUE_ONLY_WHILE_PENDING = _state("overdue_only_while_the_milestone_is_pending", None)
OVERDUE_NOTICE_ONCE = _state("one_overdue_notice_per_milestone_and_escalation", None)


# --- emergencies and the consent to return (LT Pasal 10; BLU Pasal 1 angka 8) ----------------

EMERGENCY_ONLY_FOR_SAFETY_AND_HEALTH = _input("emergency_only_for_safety_and_health", "LT Pasal 10")
"""Emergency handling may precede registration, assignment, initial contact and the
service contract (and so the assessment and the plan) only "untuk memastikan keselamatan
dan kesehatan mental Anak": a health, shelter or psychology referral; every other
service waits for the plan."""
RETURN_NEEDS_CONSENT = _state(
    "return_needs_the_consent_of_victim_or_witness", "BLU Pasal 1 angka 8"
)
"""Repatriation and reintegration only "atas keinginan dan persetujuan saksi dan/atau
korban", in a district whose data adopts the rule (the article cited is the data's)."""
CONSENT_ONLY_WHERE_ADOPTED = _input(
    "return_consent_where_the_district_adopts_it", "BLU Pasal 1 angka 8"
)
"""The consent is recorded where the district's rule sets apply it; elsewhere the hub
records no such safeguard rather than pretend one binds."""
WITHDRAW_ONLY_GIVEN_CONSENT = _state("withdraw_only_a_given_consent", "BLU Pasal 1 angka 8")
