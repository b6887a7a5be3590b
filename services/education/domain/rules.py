"""Every rule the education domain enforces, named once, with the article it comes from.

Each is a :class:`rujukan.rules.Rule`, the network's one rule model, checked through
:meth:`~rujukan.rules.Rule.check` (or raised with :meth:`~rujukan.rules.Rule.refuse`), so
the caller always learns the rule's name and article: a rule about the *state* of the
report answers 409, a rule about the *input* 422. :data:`ALL_RULES` lists them.
"""

from __future__ import annotations

from rujukan.rules import Rule as Rule
from rujukan.rules import catalogue
from rujukan.rules import input_rule as _input
from rujukan.rules import state_rule as _state

SCHOOL_REPORT_CONSISTENT = _input(
    "school_report_consistent",
    "SKW Pasal 1 angka 19-22, 41",
    "a school report names its schools, parties, forms and impacts consistently",
)

# --- routing and consent (SKW 37–38, 40) ---------------------------------------------------

CONSULT_NEEDS_CONSENT = _input(
    "consult_satgas_needs_consent",
    "SKW Pasal 37(5)",
    "the TPPK consults the Satgas only with the consent of reporter, victim, witness and "
    "reported person",
)
CONSULT_ONLY_WHILE_TPPK_HANDLES = _state(
    "consult_only_while_tppk_handles",
    "SKW Pasal 37(5)",
    "only a TPPK that handles the report consults the Satgas",
)
WARNING_ONLY_TO_HANDLING_TPPK = _state(
    "warning_only_to_handling_tppk",
    "SKW Pasal 37(2)",
    "the Satgas warns a TPPK that handles the report and has not decided it",
)
ESCALATION_NEEDS_WARNING = _state(
    "escalation_needs_prior_warning",
    "SKW Pasal 37(3)",
    "the Satgas takes over from a TPPK that did not act only after warning it",
)
CONSENT_GIVER_FITS_PARTY = _input(
    "consent_giver_fits_party",
    "SKW Pasal 40(7)",
    "an adult consents in person; for a child a parent or guardian (or, for accompaniment, "
    "the pendamping) may consent",
)

PARTIES_BEFORE_CONCLUSION = _state(
    "parties_change_before_conclusion",
    "SKW Pasal 49(3)a",
    "people and schools are added to a report while it is examined, before its conclusion",
)
PARTY_ALREADY_IN_REPORT = _state(
    "party_already_in_report",
    "SKW Pasal 1 angka 19-22",
    "a person is in a report once, with all their roles",
)
INITIAL_ACTION_FOR_VICTIM_OR_WITNESS = _input(
    "initial_action_for_victim_or_witness",
    "SKW Pasal 42",
    "initial protective actions are for a victim or a witness",
)

# --- examination (SKW 43–48) ------------------------------------------------------------------

EXAMINATION_MUST_BE_OPEN = _state(
    "examination_must_be_open",
    "SKW Pasal 36(2)b",
    "this step belongs to an open examination",
)
STATEMENT_FROM_REPORTER_OR_VICTIM = _input(
    "statement_request_from_reporter_or_victim",
    "SKW Pasal 46(2)",
    "the request for a statement that starts the examination goes to the reporter or victim",
)
PROCEED_AFTER_THIRD_SUMMONS = _state(
    "proceed_without_reported_after_third_summons",
    "SKW Pasal 43(3)",
    "the examination proceeds without the reported person only after a third summons "
    "they did not attend",
)
PROCEED_WITHOUT_ONLY_REPORTED = _input(
    "proceed_without_only_the_reported_person",
    "SKW Pasal 43(3)",
    "only a reported person's absence lets the examination proceed without them",
)
CHILD_EXAMINED_WITH_PARENT = _input(
    "child_examined_with_parent_or_guardian",
    "SKW Pasal 45(2)",
    "a pupil who is a child and reporter, victim or witness is accompanied by a parent or guardian",
)
DISABLED_EXAMINED_WITH_SUPPORT = _input(
    "disabled_examined_with_parent_or_pendamping",
    "SKW Pasal 45(3)",
    "a victim, witness or reported person with a disability is accompanied by a parent, "
    "guardian or pendamping",
)
EXAMINATION_IN_OFFICIAL_RECORD = _input(
    "examination_in_official_record",
    "SKW Pasal 45(4)",
    "every examination of a person is set down in an official record (berita acara)",
)
STOP_ONLY_OPEN_EXAMINATION = _state(
    "stop_only_an_open_examination",
    "SKW Pasal 47(1)",
    "only an open examination can be stopped",
)
RESUME_ONLY_STOPPED_ON_NEW_EVIDENCE = _state(
    "resume_only_a_stopped_examination",
    "SKW Pasal 48",
    "only a stopped examination resumes, on new evidence",
)
RESUME_NEEDS_NEW_EVIDENCE = _input(
    "resume_needs_new_evidence",
    "SKW Pasal 48",
    "a stopped examination resumes only when new evidence is found",
)
CANNOT_CONTINUE_ONLY_AFTER_DEADLINE = _state(
    "cannot_continue_only_after_deadline",
    "SKW Pasal 46(3)",
    "the statement that the examination cannot continue follows a missed 30-working-day limit",
)
EXAMINATION_PERIOD_RAN_OUT = _state(
    "examination_period_ran_out",
    "SKW Pasal 46(3)",
    "after 30 working days the TPPK or Satgas only states that the examination cannot continue",
)
CONCLUSION_HEARS_REPORTED = _state(
    "conclusion_hears_reported_person",
    "SKW Pasal 43(3)",
    "a reported person is examined, or the examination proceeds without them after a third "
    "summons, before it is concluded",
)

# --- conclusion, decision (SKW 49–52) -----------------------------------------------------------

CONCLUSION_NAMES_REPORTED = _input(
    "conclusion_names_reported_person",
    "SKW Pasal 49(3)a",
    "the conclusion refers to the identity of each reported person it is about",
)
CONCLUSION_NAMES_SKW_FORM = _input(
    "conclusion_names_skw_form",
    "SKW Pasal 49(3)b",
    "the conclusion names at least one form of violence of SKW Pasal 6(1)",
)
PROVEN_RECOMMENDATIONS = _input(
    "proven_recommendations",
    "SKW Pasal 49(4)",
    "a proven finding recommends a sanction for the perpetrator and the continuation of "
    "education, and no restoration of good name",
)
NOT_PROVEN_RECOMMENDATIONS = _input(
    "not_proven_recommendations",
    "SKW Pasal 49(5)",
    "a finding of not proven recommends the continuation of education and the restoration "
    "of the reported person's good name, and no sanction",
)
CONCLUDED_ONCE = _state(
    "concluded_once",
    "SKW Pasal 49(1)",
    "the examination has already been concluded",
)
DECISION_NEEDS_EXAMINATION_REPORT = _state(
    "decision_follows_examination_report",
    "SKW Pasal 51",
    "a decision follows up an examination report",
)
DECISION_BY_COMPETENT_AUTHORITY = _input(
    "decision_by_competent_authority",
    "SKW Pasal 50-51",
    "the school head decides on the TPPK's report, the Kepala Dinas on the Satgas's",
)
DECISION_CONTENTS = _input(
    "decision_contents",
    "SKW Pasal 52(1)",
    "a decision of proven imposes sanctions on reported persons; one of not proven restores "
    "the reported person's good name",
)
DECIDED_ONCE = _state(
    "decided_once",
    "SKW Pasal 51, 63",
    "the decision is issued once; it changes only on an objection",
)

# --- sanctions (SKW 53–59) ------------------------------------------------------------------------

SANCTION_ONLY_FOR_REPORTED = _input(
    "sanction_only_for_reported_person",
    "SKW Pasal 52(1)a",
    "administrative sanctions are imposed on a reported person",
)
SANCTION_FITS_TIER = _input(
    "sanction_fits_tier",
    "SKW Pasal 55-56",
    "the sanction is one the regulation lists for that tier and that kind of person",
)
CIVIL_SERVANT_SANCTION_BY_LAW = _input(
    "civil_servant_sanction_follows_civil_service_law",
    "SKW Pasal 54",
    "sanctions on civil-servant (ASN) staff follow civil-service law, not SKW 55-56",
)
NO_SKW_SANCTION_FOR_OTHERS = _input(
    "no_skw_sanction_for_others",
    "SKW Pasal 53-56, 60",
    "SKW sanctions pupils and staff; others answer under other laws",
)
MEDIUM_PUPIL_SANCTION_LENGTH = _input(
    "medium_pupil_sanction_5_to_10_school_days",
    "SKW Pasal 56(2)",
    "a pupil's educational action lasts at least 5 and at most 10 school days",
)
TRANSFER_LAST_RESORT = _input(
    "transfer_is_last_resort",
    "SKW Pasal 56(4)",
    "a pupil is transferred only when the victim suffered grave harm and the Satgas and/or "
    "Dinas recommended it",
)
TERMINATION_CONDITIONS = _input(
    "termination_needs_grave_harm_or_repetition",
    "SKW Pasal 55(4)",
    "staff are dismissed only for violence causing grave harm or at least three proven "
    "violent acts in office",
)
FACTORS_CONSISTENT = _input(
    "mitigating_and_aggravating_factors_consistent",
    "SKW Pasal 59(5)a, 59(6)a",
    "the victim's impact is either light or moderate-to-severe, not both",
)

# --- objection (SKW 61–64) ----------------------------------------------------------------------

RECEIPT_AFTER_DECISION = _state(
    "decision_received_after_issue",
    "SKW Pasal 62(1)",
    "a decision is received after it is issued",
)
OBJECTION_BY_VICTIM_OR_PERPETRATOR = _input(
    "objection_by_victim_or_perpetrator",
    "SKW Pasal 61(2), 62(1)",
    "the victim or the perpetrator objects",
)
OBJECTION_AFTER_RECEIPT = _state(
    "objection_after_receipt",
    "SKW Pasal 62(1)",
    "the objection period runs from receiving the decision, which must be recorded",
)
OBJECTION_WITHIN_PERIOD = _input(
    "objection_within_30_working_days",
    "SKW Pasal 62(1)",
    "an objection is filed at most 30 working days after the decision was received",
)
CIVIL_SERVANT_OBJECTION_BY_LAW = _input(
    "civil_servant_objection_follows_civil_service_law",
    "SKW Pasal 62(2)",
    "a civil-servant (ASN) perpetrator objects under civil-service law",
)
ONE_OBJECTION_PER_PARTY = _state(
    "one_objection_per_party",
    "SKW Pasal 62(1)",
    "this party has already objected",
)
OBJECTION_DECISION_NEEDS_OBJECTION = _state(
    "objection_decision_needs_objection",
    "SKW Pasal 63(1)",
    "an objection is decided only once one was filed",
)
CHANGE_AFTER_REEXAMINATION = _input(
    "change_or_annulment_after_reexamination",
    "SKW Pasal 63(5)",
    "a decision is changed or annulled only after a new examination",
)
ANNULMENT_FOLLOW_UP = _input(
    "annulment_follow_up",
    "SKW Pasal 63(6)",
    "an annulment is followed by restoring the perpetrator's good name or by an "
    "administrative sanction; nothing else is",
)
CHANGED_SANCTIONS = _input(
    "changed_decision_states_sanctions",
    "SKW Pasal 63(4)b",
    "a changed decision states the lighter or heavier sanctions it imposes",
)
POLICY_REMEDY_ONLY_FOR_POLICY = _input(
    "policy_remedy_only_for_violent_policy",
    "SKW Pasal 63(7)",
    "a policy is annulled or revoked only for violence through an education policy",
)
OBJECTION_DECISION_FINAL = _state(
    "objection_decision_is_final",
    "SKW Pasal 63(8)",
    "the decision on the objection is final",
)

# --- recovery, accompaniment, schooling (SKW 39–40, 57–58, 65; LT 23) -------------------------

RECOVERY_NOT_BEFORE_REPORT = _input(
    "recovery_not_before_report",
    "SKW Pasal 65(1)",
    "recovery starts at the earliest when the report is received",
)
RECOVERY_RECIPIENTS = _input(
    "recovery_for_victim_witness_or_child_perpetrator",
    "SKW Pasal 65(1), 65(6)",
    "recovery is for victims, witnesses and pupil perpetrators who are children (or have a "
    "mental or intellectual disability)",
)
ACCOMPANIMENT_RECIPIENTS = _input(
    "accompaniment_recipients",
    "SKW Pasal 40(2)",
    "accompaniment is for pupil victims and witnesses, reported or perpetrating pupils who "
    "are children, and staff victims and witnesses",
)
ACCOMPANIMENT_NEEDS_CONSENT = _input(
    "accompaniment_needs_consent",
    "SKW Pasal 40(6)-(7)",
    "accompaniment needs the recorded consent of the person, or for a child of a parent, "
    "guardian or pendamping",
)
NO_EXPULSION = _input(
    "no_expulsion",
    "LT Pasal 23(2)",
    "a school may not expel a child victim",
)
"""Only where a binding regulation forbids expulsion (``data/schooling_rules.csv``: LT
Pasal 23(2)); SKW Pasal 39 and BTG Pasal 18(2)f guarantee schooling but say nothing of it."""
SCHOOLING_OUTCOME_KNOWN = _input(
    "schooling_outcome_known",
    "LT Pasal 23(1); SKW Pasal 39(2); BTG Pasal 18(2)f",
    "schooling continues in one of the recorded ways",
)
"""The network's closed list of outcomes; a refusal cites the district's own article on
continued schooling where one binds."""
TRANSFER_NAMES_THE_SCHOOL = _input(
    "transfer_names_the_school",
    "LT Pasal 23(1); SKW Pasal 39; BTG Pasal 18(2)f",
    "a transfer or re-enrolment says at which school the child continues",
)
"""A refusal cites the article of the district's own schooling rule set."""
SCHOOLING_FOR_PUPILS = _input(
    "schooling_for_pupils",
    "SKW Pasal 39(1); BTG Pasal 18(2)f",
    "the guarantee of continued education is recorded for pupils",
)
TRANSFER_NEEDS_TRANSFER_SANCTION = _state(
    "transfer_start_needs_transfer_sanction",
    "SKW Pasal 56(3), 58(1)",
    "a pupil starts at a new school after a decided transfer",
)
REINTEGRATION_REPORT_NOT_EARLY = _input(
    "reintegration_report_after_30_working_days",
    "SKW Pasal 58(2)",
    "the Satgas reports on reintegration at least 30 working days after the pupil started "
    "at the new school",
)

HOMEROOM_TEACHER_FOR_A_PUPIL = _input(
    "homeroom_teacher_accompanies_a_pupil",
    "BTG Pasal 18(4)b",
    "the school head assigns the homeroom teacher to a pupil involved in the violence",
)
STOP_ON_A_DOCTORS_STATEMENT = _input(
    "stop_for_death_or_illness_on_a_doctors_statement",
    "SKW Pasal 47(1)a",
    "an examination stopped for the reported person's death or grave illness names the "
    "doctor's statement (keterangan dokter)",
)
COUNSELLING_BEFORE_NEW_SCHOOL = _state(
    "counselling_before_the_new_school",
    "SKW Pasal 57(1), 57(6)",
    "a pupil transferred as a sanction completes the counselling programme before starting "
    "at the new school",
)
COUNSELLING_FOR_A_TRANSFERRED_PUPIL = _state(
    "counselling_reports_for_a_transferred_pupil",
    "SKW Pasal 57(1), 57(5)",
    "counselling reports are made on a pupil transferred as a sanction, until completed",
)

REINTEGRATION_AFTER_TRANSFER = _state(
    "reintegration_report_after_transfer",
    "SKW Pasal 58(1)-(2)",
    "the reintegration report follows a transferred pupil's start at the new school",
)

# --- confidentiality (SKW 33, 44(2); BTG 13(6)e) -------------------------------------------------

IDENTITY_ONLY_OF_CHILD_VICTIM = _input(
    "referral_identity_only_of_the_child_victim",
    "SKW Pasal 33(1)c, 44(2)",
    "a referral carries at most the identity of the child victim it is for",
)
IDENTITY_WHEN_NEEDED = _input(
    "referral_identity_when_needed",
    "SKW Pasal 44(2)",
    "a referral that needs the victim's identity carries it",
)

CHILD_AGE_KNOWN = _input(
    "child_age_known",
    "LT Pasal 1 angka 5",
    "the intake hub opens a case for a child only, so the identity it receives gives a date "
    "of birth or an estimated age",
)

IDENTITY_OF_THE_ADDED_PARTY = _input(
    "identity_of_the_added_party",
    "SKW Pasal 44(2)",
    "an identity given with a party added later is that party's",
)

PROCESS_FOR_VICTIM_OR_REPORTER = _input(
    "process_for_victim_or_reporter",
    "SKW Pasal 66(1)a",
    "victims and reporters have the right to learn the whole process and its outcome",
)

REFERRAL_NEEDS_SERVICE = _input(
    "referral_names_service_needed",
    "BTG Pasal 18(4)c",
    "a referral names the service the child needs",
)

# --- Batang referral steps (BTG 18(6)) -----------------------------------------------------------

BATANG_REFERRAL_IN_ORDER = _state(
    "batang_referral_steps_in_order",
    "BTG Pasal 18(6)",
    "the referral steps a-k follow one another",
)
BATANG_REFERRAL_PLAN = _input(
    "batang_referral_plan_names_cost_and_payer",
    "BTG Pasal 18(6)b",
    "a referral plan states its cost and who pays",
)

# --- the reporter and the Dinas team (BTG 19, 23) ------------------------------------------------

REPORTER_SANCTIONED_ONLY_IF_UNTRUE = _state(
    "reporter_sanctioned_only_if_report_untrue",
    "BTG Pasal 23",
    "a school sanctions a reporter only when the school's prevention team or the Dinas team "
    "found the report untrue",
)
REPORTER_SANCTION_FOR_A_REPORTER = _input(
    "reporter_sanction_for_a_reporter",
    "BTG Pasal 23",
    "the sanction of Pasal 23 is for the reporter of the violence",
)
ASSESSED_BY_A_FORMED_TEAM = _state(
    "report_assessed_by_a_formed_dinas_team",
    "BTG Pasal 19(3), 23",
    "the Dinas team assesses a report only once the Kepala Dinas has formed it",
)
DINAS_TEAM_FOR_A_SEVERE_CASE = _state(
    "dinas_team_for_a_severe_case",
    "BTG Pasal 19(2)a",
    "the Dinas team is formed for violence causing fairly serious injury, physical "
    "disability or death",
)
DINAS_TEAM_FORMED_ONCE = _state(
    "dinas_team_formed_once", "BTG Pasal 19(3)", "the Kepala Dinas forms one team per report"
)
TEAM_STEP_NEEDS_THE_TEAM = _state(
    "team_step_needs_the_team",
    "BTG Pasal 19(4), 19(7)",
    "the team's finding and the reports to the Bupati follow the team's forming",
)
FINAL_BUPATI_REPORT_AFTER_A_FINDING = _state(
    "final_bupati_report_after_a_finding",
    "BTG Pasal 19(4), 19(7)",
    "the result is reported to the Bupati once the team has recorded its finding",
)

# --- the district's procedure and the dates of its steps (SKW 46, 51, 62, 64) -------------------

STEP_OF_THE_DISTRICT_PROCEDURE = _input(
    "step_of_the_district_procedure",
    "SKW Pasal 36-68; BTG Pasal 13-23",
    "a school-violence step applies only where its regulation binds the service's district",
)
STEP_NOT_AFTER_TODAY = _input(
    "step_date_not_after_today",
    "SKW Pasal 46, 51, 62, 64",
    "a step is dated on or before today in the district, or its deadline could be dated away",
)
STEP_NOT_BEFORE_WHAT_IT_FOLLOWS = _input(
    "step_date_not_before_the_step_it_follows",
    "SKW Pasal 46, 51, 62, 64",
    "a step is dated on or after the step it follows, or its deadline could be dated away",
)

ALL_RULES: tuple[Rule, ...] = catalogue(globals())
"""Every rule of this module, in the order they are declared."""
