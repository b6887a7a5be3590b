"""The rules of the case lifecycle, each a named thing with the article it comes from.

A rule refuses a command either because of the case's state (a state rule: HTTP 409,
`IllegalState`) or because the command's input breaks it (HTTP 422, `RuleViolation`);
the rule model is :mod:`rujukan.rules`. Tests name the rule they specify
(``excinfo.value.rule == rules.X.name``), so a rule is found in one place and tested alone.

Rules with ``article=None`` are design decisions of the network (the referral state
machine of :mod:`schemas.referral_status`, unique ids), not text of a regulation.
"""

from __future__ import annotations

from rujukan import rules as network_rules
from rujukan.rules import REFERRAL_STATE_MACHINE as REFERRAL_STATE_MACHINE
from rujukan.rules import Rule as Rule
from rujukan.rules import catalogue
from rujukan.rules import input_rule as _input
from rujukan.rules import state_rule as _state

# --- any command ------------------------------------------------------------------------

CASE_STARTS_WITH_COMPLAINT = _state(
    "case_starts_with_a_complaint",
    "LT Pasal 8a, LT Pasal 9(1)",
    "a case starts with the complaint that opens it",
)
ONE_COMPLAINT_PER_CASE = _state(
    "one_complaint_opens_the_case", "LT Pasal 9(1)", "one complaint opens a case"
)
NOTHING_AFTER_TERMINATION = _state(
    "nothing_after_termination", "LT Pasal 20(1)", "nothing happens on a terminated case"
)
VALID_FIELDS = _input("valid_fields", None, "every value fits the public event schema")
"""A value the public event schema or an internal record refuses (e.g. an empty text,
or one longer than 500 characters)."""
DISTRICT_MATRIX = _input(
    "matrix_of_the_case_district", None, "a case follows its own district's referral matrix"
)
"""The matrix passed in must be the case's district's: the matrix is data per district."""

# --- complaint (LT Pasal 8a, 9; Pasal 1 angka 5) -----------------------------------------

AGENCY_REPORT_NEEDS_REQUEST_LETTER = _input(
    "agency_report_needs_request_letter",
    "LT Pasal 9(2)",
    "an agency reports a case with a request letter",
)
AGENCY_REPORT_NEEDS_CASE_INFORMATION = _input(
    "agency_report_needs_case_information",
    "LT Pasal 9(2)",
    "an agency's report carries information on the case",
)
CHILD_AGE_KNOWN = _input(
    "child_age_is_known", "LT Pasal 1 angka 5", "the child's age or date of birth is known"
)
CHILD_UNDER_18 = _input("child_is_under_18", "LT Pasal 1 angka 5", "a child is under 18")

# --- registration, companion, initial contact, contract (LT Pasal 7, 11–14) ------------

REGISTRATION_ONCE_AFTER_COMPLAINT = _state(
    "registration_once_after_complaint",
    "LT Pasal 11, LT Pasal 8",
    "a case is registered once, after its complaint",
)
CASE_NUMBER_GIVEN = _input("case_number_is_given", "LT Pasal 11", "registration gives a number")
COMPANION_AFTER_REGISTRATION = _state(
    "companion_after_registration",
    "LT Pasal 12, LT Pasal 11",
    "a companion is assigned to a registered case",
)
ONE_COMPANION_PER_CASE = _state(
    "one_companion_per_case", "LT Pasal 7(3)", "a case has one companion at a time"
)
ASSIGNMENT_LETTER_REQUIRED = _input(
    "assignment_letter_required",
    "LT Pasal 7(4), LT Pasal 12",
    "a companion is assigned by letter",
)
REASSIGNMENT_NAMES_ACTIVE_COMPANION = _state(
    "reassignment_names_the_active_companion",
    "LT Pasal 7(3)",
    "a reassignment replaces the case's active companion",
)
REASSIGNMENT_TO_ANOTHER_PERSON = _input(
    "reassignment_to_another_person",
    "LT Pasal 7(3)",
    "a reassignment names another person",
)
INITIAL_CONTACT_AFTER_ASSIGNMENT = _state(
    "initial_contact_after_assignment",
    "LT Pasal 13, LT Pasal 12",
    "the companion makes the initial contact once assigned",
)
CONTRACT_AFTER_INITIAL_CONTACT = _state(
    "contract_after_initial_contact",
    "LT Pasal 14, LT Pasal 13",
    "the service contract follows the initial contact",
)

# --- assessment and plan (LT Pasal 15–16) ----------------------------------------------

ASSESSMENT_AFTER_CONTRACT = _state(
    "assessment_after_contract",
    "LT Pasal 15, LT Pasal 14, LT Pasal 19(3)",
    "the assessment follows the service contract (or an evaluation asking for it)",
)
ASSESSMENT_COVERS_CONDITIONS = _input(
    "assessment_covers_conditions",
    "LT Pasal 15(2)",
    "an assessment covers the child's conditions",
)
ASSESSMENT_HAS_ANALYSIS = _input(
    "assessment_has_analysis", "LT Pasal 15(3)", "an assessment has its analysis"
)
ASSESSMENT_RECOMMENDS_SERVICES = _input(
    "assessment_recommends_services",
    "LT Pasal 15(4)",
    "an assessment recommends the services needed",
)
PLAN_AFTER_ASSESSMENT = _state(
    "plan_after_assessment",
    "LT Pasal 16, LT Pasal 15",
    "the intervention plan follows the assessment",
)
CASE_CONFERENCE_IS_A_MEETING = _input(
    "case_conference_is_a_meeting",
    "LT Pasal 16(2)a",
    "the plan is agreed in a case conference with its participants",
)
PLAN_HAS_SERVICES = _input("plan_has_services", "LT Pasal 16(2)c", "a plan names its services")
PLAN_LINES_DISTINCT = _input(
    "plan_lines_distinct", "LT Pasal 16(2)c", "a plan asks each agency once for each stage"
)
TARGET_IN_DISTRICT_MATRIX = _input(
    "target_in_district_matrix",
    None,
    "an agency is asked only for a stage the district's matrix lists it for",
)
"""Cites the matrix row's own source (``KH Lampiran I``, ``LT Pasal 17(2)a``...)."""
PLANNED_SERVICE_MATCHES_MATRIX = _input(
    "planned_service_matches_matrix",
    None,
    "a planned service is the one the matrix lists for the stage and agency",
)
"""Cites the matrix row's own source."""

# --- referrals (LT Pasal 10, 17; KH Lampiran I) ----------------------------------------

REFERRAL_NEEDS_PLAN = _state(
    "referral_needs_plan",
    "LT Pasal 17(1), LT Pasal 16",
    "a referral follows the agreed plan (an emergency referral needs none)",
)
REFERRAL_FOLLOWS_PLAN = _input(
    "referral_follows_plan", "LT Pasal 17(1)", "a referral is a line of the current plan"
)
REFERRAL_ID_UNIQUE = _state("referral_id_unique", None, "a referral id is used once")
ONE_OPEN_REFERRAL_PER_TARGET = _state(
    "one_open_referral_per_stage_and_target",
    None,
    "an agency has one open referral for a stage of a case",
)
KNOWN_REFERRAL = _input("known_referral", None, "the referral is one of the case's")
ANSWER_FROM_TARGET = _input(
    "answer_from_the_target", None, "a referral is answered by the agency it went to"
)
REPORT_ONCE = _state("service_report_recorded_once", None, "a service report is recorded once")
REPORT_FACTS_FIT_SERVICE = _input(
    "report_facts_fit_the_service",
    "LT Pasal 17(3)",
    "a service report carries only facts that fit the referral's service",
)
REROUTE_ONLY_DECLINED_OR_EXPIRED = _state(
    "reroute_only_declined_or_expired",
    None,
    "only a declined or expired referral is re-routed",
)
REROUTE_ONCE = _state("reroute_once", None, "a referral is re-routed once")
REROUTE_TO_ANOTHER_TARGET = _input(
    "reroute_to_another_target",
    "KH Lampiran I",
    "a re-routed referral goes to another agency of the stage",
)
OFFLINE_ANSWER_ONLY_FOR_OFFLINE_REFERRAL = _state(
    "offline_answer_only_for_offline_referral",
    None,
    "the companion records answers only for an agency that runs no software",
)
"""The companion records answers and reports by hand only for an institution that runs no
software (or the hub itself); an online target answers for itself."""
DECLINE_NEEDS_REASON = _input(
    "decline_needs_a_reason", None, "a decline gives a reason from the list"
)
ONWARD_COPY_FOR_THIS_HUB = _input(
    "onward_referral_copy_names_this_hub_and_a_parent",
    None,
    "the hub records another agency's referral only as a copy naming this hub",
)
"""The hub's inbox takes a ReferralIssued only as the copy of a referral made by another
agency naming this hub as the case's hub: an onward referral names the referral it
continues; without one, see :data:`REFERRAL_BY_SUBMITTING_AGENCY`."""
REFERRAL_BY_SUBMITTING_AGENCY = _input(
    "referral_without_parent_by_the_submitting_agency",
    "LT Pasal 9(2); BTG Pasal 18(4)c",
    "a referral that continues none is recorded only from the agency that reported the case",
)
"""A referral that continues none of the case's referrals is the hub's to record only
when the agency that submitted the case's complaint made it: a school head refers a
pupil at once to the service needed (BTG 18(4)c) and reports the case to the Dinas with
a request letter (LT 9(2)); the outcomes reach the companion like any other."""
ANSWER_SENT_BY_ITS_AGENCY = network_rules.ANSWER_SENT_BY_ITS_AGENCY
"""An answer, report or hand-over names the agency that sent it (the envelope's source)."""
ONWARD_REFERRAL_NEEDS_OPEN_PARENT = _state(
    "onward_referral_needs_an_open_parent",
    None,
    "only an open referral is referred on",
)
ONWARD_REFERRAL_FROM_PARENT_TARGET = _input(
    "onward_referral_from_the_parent_target",
    "KH Pasal 1 angka 16",
    "only the agency a referral went to refers the child on",
)
"""Only the agency a referral was issued to refers the child on within the network."""
HAND_OVER_BY_THE_REFERRER = _input(
    "hand_over_by_the_referrer",
    "LT Pasal 17(3); BTG Pasal 18(6)k",
    "only the agency that made a referral hands the child over to the companion",
)
"""Only the agency that made a referral hands the child over to the companion when the
service was not received (a Batang school head, BTG 18(6)k); the target reports through
its service reports."""
HAND_OVER_ONCE = _state(
    "hand_over_recorded_once",
    "LT Pasal 17(3); BTG Pasal 18(6)k",
    "a hand-over is recorded once",
)

# --- evaluation and termination (LT Pasal 19–20) ----------------------------------------

EVALUATION_NEEDS_PLAN = _state(
    "evaluation_needs_plan", "LT Pasal 19, LT Pasal 16", "a case is evaluated against its plan"
)
EVALUATION_BY_COMPANION = _input(
    "evaluation_by_the_companion", "LT Pasal 19(1)", "the case's companion evaluates it"
)
MORE_SERVICES_ONLY_IF_NOT_WELL = _input(
    "more_services_only_if_not_well",
    "LT Pasal 19(3)",
    "more services are asked for only when the child is not yet well",
)
TERMINATION_AFTER_REGISTRATION = _state(
    "termination_after_registration",
    "LT Pasal 20(2), LT Pasal 11",
    "only a registered case is terminated",
)
SERVICES_COMPLETED_NEEDS_PREPARATION = _state(
    "services_completed_needs_preparation",
    "LT Pasal 20(2)a, LT Pasal 19(2)b",
    "a case closes as served after an evaluation prepared its termination",
)
SERVICES_COMPLETED_NEEDS_NO_OPEN_REFERRAL = _state(
    "services_completed_needs_no_open_referral",
    "LT Pasal 20(2)a",
    "a case closes as served with no referral still open",
)
REFERRED_ELSEWHERE_NAMES_PLACE = _input(
    "referred_elsewhere_names_the_place",
    "LT Pasal 20(2)d",
    "a case closed by referral elsewhere names the place",
)


# --- closing the loop (LT Pasal 17(3)) ----------------------------------------------------

OUTCOME_KNOWN = _input("outcome_known", "LT Pasal 17(3)", "the outcome is one the hub holds")
ACKNOWLEDGED_BY_ITS_RECIPIENT = _state(
    "acknowledged_by_its_recipient",
    "LT Pasal 17(3)",
    "only the companion an outcome went to acknowledges it",
)
ACKNOWLEDGED_ONCE = _state(
    "outcome_acknowledged_once", "LT Pasal 17(3)", "an outcome is acknowledged once"
)
OVERDUE_ONLY_WHILE_PENDING = _state(
    "overdue_only_while_the_milestone_is_pending",
    None,
    "a milestone is overdue only while it is pending",
)
OVERDUE_NOTICE_ONCE = _state(
    "one_overdue_notice_per_milestone_and_escalation",
    None,
    "one overdue notice is sent per milestone and escalation",
)


# --- emergencies and the consent to return (LT Pasal 10; BLU Pasal 1 angka 8) ----------------

EMERGENCY_ONLY_FOR_SAFETY_AND_HEALTH = _input(
    "emergency_only_for_safety_and_health",
    "LT Pasal 10",
    "before the plan, only a referral for the child's safety and health (health, shelter, "
    "psychology) may go as an emergency",
)
"""Emergency handling may precede registration, assignment, initial contact and the
service contract (and so the assessment and the plan) only "untuk memastikan keselamatan
dan kesehatan mental Anak": a health, shelter or psychology referral; every other
service waits for the plan."""
RETURN_NEEDS_CONSENT = _state(
    "return_needs_the_consent_of_victim_or_witness",
    "BLU Pasal 1 angka 8",
    "a repatriation or reintegration referral waits for the recorded consent of the victim "
    "or witness",
)
"""Repatriation and reintegration only "atas keinginan dan persetujuan saksi dan/atau
korban", in a district whose data adopts the rule (the article cited is the data's)."""
CONSENT_ONLY_WHERE_ADOPTED = _input(
    "return_consent_where_the_district_adopts_it",
    "BLU Pasal 1 angka 8",
    "the consent to return is recorded only where the district's rule sets adopt it",
)
"""The consent is recorded where the district's rule sets apply it; elsewhere the hub
records no such safeguard rather than pretend one binds."""
WITHDRAW_ONLY_GIVEN_CONSENT = _state(
    "withdraw_only_a_given_consent",
    "BLU Pasal 1 angka 8",
    "only a consent that was given can be withdrawn",
)

ALL_RULES: tuple[Rule, ...] = catalogue(globals())
"""Every rule of the case lifecycle, the network's state machine among them."""
