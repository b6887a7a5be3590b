"""The demo's two cases as data: what the companion records at the hub and what each
agency's staff report, with facts the desk's report rules accept.

- Kapuas Hulu, trafficking (KH Lampiran I): the RSUD examines and issues a visum, Dinas
  Sosial shelters the child, arranges a psychologist and repatriates her, the Polres
  and the Kantor Imigrasi identify her.
- Luwu Timur, physical violence (LT Pasal 7–20): the RSUD gives health care and
  psychology (LT Pasal 17(2)a, d); legal aid comes from an institution that runs no
  software, whose answer and report the companion records by hand (LT Pasal 17(2)e).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

Body = dict[str, Any]


@dataclass(frozen=True)
class ScriptedReferral:
    """One referral: the matrix stage and target, and the reports its staff make (the
    last one final). An offline target's answer and reports are recorded by the
    companion instead (the hub knows which targets run no software)."""

    key: str
    stage: str
    service: str
    target_id: str
    reports: tuple[Body, ...]
    note: str | None = None
    """The companion's note on the referral (none in the story; canaries set one)."""
    answer_note: str | None = None
    """The target's note when it accepts (none in the story; canaries set one)."""


@dataclass(frozen=True)
class ScriptedCase:
    """One case from complaint to the plan, then its referrals."""

    key: str
    hub_id: str
    companion_id: str
    supervisor_id: str
    category: str
    complaint: Body
    assessment: Body
    conference: tuple[Body, ...]
    referrals: tuple[ScriptedReferral, ...]

    def plan(self, today: date) -> Body:
        """The intervention plan agreed by case conference (LT Pasal 16): one line per
        referral, due in two weeks."""
        due = str(today + timedelta(days=14))
        return {
            "participants": list(self.conference),
            "services": [
                {"stage": r.stage, "service": r.service, "target_id": r.target_id, "due_on": due}
                for r in self.referrals
            ],
        }


def _report(*facts: Body, final: bool = False, document_ref: str | None = None) -> Body:
    body: Body = {"status": "completed", "final": final, "facts": list(facts)}
    return body | ({"document_ref": document_ref} if document_ref else {})


def _two_psychology_sessions(on: str) -> tuple[Body, Body]:
    """Both demo cases' psychology referrals end after two sessions on the same day."""
    return (
        _report({"kind": "psychology_session", "held_on": on, "session_number": 1}),
        _report({"kind": "psychology_session", "held_on": on, "session_number": 2}, final=True),
    )


def kapuas_hulu_trafficking(today: date) -> ScriptedCase:
    """A girl recruited across the border to Sarawak, brought back to Badau."""
    on = str(today)
    return ScriptedCase(
        key="kh",
        hub_id="kh-hub",
        companion_id="comp-siti",
        supervisor_id="sup-ani",
        category="trafficking",
        complaint={
            "channel": "hotline_129",
            "complainant": "family",
            "child": {
                "name": "Anak Demo Kapuas Hulu",
                "estimated_age": 15,
                "sex": "female",
                "address": "Kecamatan Badau",
                "guardian_contact": "aunt, by the village office",
            },
            "suspected_category": "trafficking",
        },
        assessment={
            "physical_condition": "needs a medical examination",
            "psychological_condition": "anxious, sleeps badly",
            "social_condition": "far from home, no documents",
            "spiritual_condition": "asks for a religious companion",
            "legal_status": "no police report yet",
            "analysis": "recruited across the border with a promise of work",
            "conclusion": "health, shelter, psychology, identification and repatriation",
            "recommended_services": [
                "health",
                "shelter",
                "psychology",
                "identification",
                "repatriation",
            ],
        },
        conference=(
            {"name": "Siti", "profession": "social worker", "agency_id": "kh-hub"},
            {"name": "dr. Budi", "profession": "physician", "agency_id": "kh-rsud"},
            {"name": "Ipda Rina", "profession": "police officer", "agency_id": "kh-polres"},
        ),
        referrals=(
            ScriptedReferral(
                "health",
                "REHABILITASI_KESEHATAN",
                "health",
                "kh-rsud",
                (
                    _report(
                        {"kind": "medical_examination", "examined_on": on},
                        {"kind": "treatment", "phase": "started"},
                    ),
                    _report(
                        {"kind": "visum_issued", "document_ref": "VER/DEMO/KH/01", "issued_on": on},
                        {"kind": "treatment", "phase": "completed"},
                        final=True,
                    ),
                ),
            ),
            ScriptedReferral(
                "shelter",
                "PENAMPUNGAN",
                "shelter",
                "kh-dinsos",
                (
                    _report({"kind": "shelter_admitted", "admitted_on": on}),
                    _report({"kind": "shelter_discharged", "discharged_on": on}, final=True),
                ),
            ),
            ScriptedReferral(
                "psychology",
                "REHABILITASI_SOSIAL",
                "psychology",
                "kh-dinsos",
                (
                    _report(
                        {
                            "kind": "psychologist_arranged",
                            "arranged_with": "DP3A Provinsi Kalimantan Barat",
                        }
                    ),
                    *_two_psychology_sessions(on),
                ),
            ),
            ScriptedReferral(
                "identification",
                "IDENTIFIKASI",
                "identification",
                "kh-polres",
                (
                    _report(
                        {"kind": "identification_done", "document_ref": "BA/DEMO/KH/02"},
                        {"kind": "police_report_registered", "report_number": "LP/B/DEMO/KH"},
                        final=True,
                    ),
                ),
            ),
            ScriptedReferral(
                "immigration",
                "IDENTIFIKASI",
                "identification",
                "kh-imigrasi",
                (
                    _report(
                        {
                            "kind": "immigration_identification",
                            "result": "indonesian_citizen_confirmed",
                        },
                        final=True,
                    ),
                ),
            ),
            ScriptedReferral(
                "repatriation",
                "PEMULANGAN",
                "repatriation",
                "kh-dinsos",
                (
                    _report(
                        {
                            "kind": "repatriation",
                            "origin": "Kuching, Sarawak",
                            "destination": "Kecamatan Badau",
                            "coordinated_with": "DP3A Provinsi Kalimantan Barat",
                            "completed_on": on,
                        },
                        final=True,
                    ),
                ),
            ),
        ),
    )


def luwu_timur_child_violence(today: date) -> ScriptedCase:
    """A boy hurt at home, reported by a neighbour through hotline 129."""
    on = str(today)
    return ScriptedCase(
        key="lt",
        hub_id="lt-hub",
        companion_id="comp-budi",
        supervisor_id="sup-ani",
        category="physical_violence",
        complaint={
            "channel": "hotline_129",
            "complainant": "community",
            "child": {
                "name": "Anak Demo Luwu Timur",
                "date_of_birth": "2014-03-01",
                "sex": "male",
                "address": "Kecamatan Malili",
                "guardian_contact": "grandmother, by the village office",
            },
            "suspected_category": "physical_violence",
        },
        assessment={
            "physical_condition": "bruises; needs a medical examination",
            "psychological_condition": "withdrawn, afraid to go home",
            "social_condition": "staying with his grandmother",
            "spiritual_condition": "no needs stated",
            "legal_status": "the family wants legal aid",
            "analysis": "physical violence at home by an adult of the household",
            "conclusion": "health, psychology and legal aid",
            "recommended_services": ["health", "psychology", "legal"],
        },
        conference=(
            {"name": "Budi", "profession": "social worker", "agency_id": "lt-hub"},
            {"name": "dr. Andi", "profession": "physician", "agency_id": "lt-rsud"},
            {"name": "Rahma", "profession": "legal aid advocate"},
        ),
        referrals=(
            ScriptedReferral(
                "health",
                "LAYANAN_KESEHATAN",
                "health",
                "lt-rsud",
                (
                    _report(
                        {"kind": "medical_examination", "examined_on": on},
                        {"kind": "visum_issued", "document_ref": "VER/DEMO/LT/01", "issued_on": on},
                        {"kind": "treatment", "phase": "started"},
                    ),
                    _report({"kind": "treatment", "phase": "completed"}, final=True),
                ),
            ),
            ScriptedReferral(
                "psychology",
                "LAYANAN_PSIKOLOGI",
                "psychology",
                "lt-rsud",
                _two_psychology_sessions(on),
            ),
            ScriptedReferral(
                "legal-aid",
                "LAYANAN_HUKUM",
                "legal",
                "lt-bantuan-hukum",
                (
                    _report(
                        {"kind": "legal_aid_assigned", "assignment_ref": "SK/DEMO/LBH/01"},
                        final=True,
                        document_ref="LBH/DEMO/LT/01",
                    ),
                ),
            ),
        ),
    )


def cases(today: date) -> tuple[ScriptedCase, ...]:
    """Both cases, in the order the demo starts them."""
    return (kapuas_hulu_trafficking(today), luwu_timur_child_violence(today))
