"""Closed vocabularies shared by every agency on the network.

Each enum is a wire value: members may be added within an event version (readers
must tolerate values they do not know only when a field says so), but never renamed
or removed. The Indonesian term is kept in the docstring so a reader can match the
regulation text.
"""

from enum import StrEnum


class AgencyKind(StrEnum):
    """The kind of system an agency runs; one service implementation per kind."""

    INTAKE = "intake"
    """Dinas PPPA / Dinas Sosial P3AP2KB / UPTD PPA: receives complaints (LT Pasal 9(1))."""
    HEALTH = "health"
    SOCIAL = "social"
    LEGAL = "legal"
    EDUCATION = "education"
    OFFLINE = "offline"
    """An institution that runs no software: referred to by letter (NGOs, Kodim, ...)."""


class CaseCategory(StrEnum):
    """Sasaran penanganan kasus (LT Pasal 4(1)), plus trafficking (KH, BLU)."""

    PHYSICAL_VIOLENCE = "physical_violence"
    """a. Anak Korban Kekerasan fisik."""
    PSYCHOLOGICAL_VIOLENCE = "psychological_violence"
    """b. Anak Korban Kekerasan psikis."""
    SEXUAL_VIOLENCE = "sexual_violence"
    """c. Anak Korban Kekerasan seksual."""
    ECONOMIC_EXPLOITATION = "economic_exploitation"
    """d. Anak Korban Eksploitasi ekonomi."""
    CHILD_LABOUR = "child_labour"
    """e. Pekerja Anak."""
    OTHER_SPECIAL_PROTECTION = "other_special_protection"
    """f. Anak yang memerlukan Perlindungan Khusus lain."""
    TRAFFICKING = "trafficking"
    """Tindak Pidana Perdagangan Orang (TPPO): KH Pasal 1 angka 9-10, BLU."""


class ServiceType(StrEnum):
    """What a referral asks for: the services of LT Pasal 17(2) a–j and the duties of
    KH Lampiran I. District matrices map their own stage names onto these."""

    IDENTIFICATION = "identification"
    """Identifikasi (KH Lampiran I): identity, chronology, employment, civil, immigration data."""
    HEALTH = "health"
    """Layanan kesehatan (LT 17(2)a); rehabilitasi kesehatan (KH)."""
    EDUCATION = "education"
    """Layanan pendidikan (LT 17(2)b)."""
    SHELTER = "shelter"
    """Penampungan sementara (LT 17(2)c; KH: rumah singgah, Polres temporary shelter)."""
    SOCIAL_REHABILITATION = "social_rehabilitation"
    """Rehabilitasi sosial (LT 17(2)c; KH), including spiritual accompaniment."""
    PSYCHOLOGY = "psychology"
    """Layanan psikologi (LT 17(2)d)."""
    LEGAL = "legal"
    """Layanan hukum (LT 17(2)e): law enforcement, legal aid, immigration liaison."""
    CIVIL_REGISTRATION = "civil_registration"
    """Layanan pencatatan sipil (LT 17(2)f)."""
    EMPLOYMENT = "employment"
    """Layanan ketenagakerjaan (LT 17(2)g)."""
    FAMILY = "family"
    """Peningkatan kualitas keluarga dan pengasuhan (LT 17(2)h)."""
    SOCIAL_PROTECTION = "social_protection"
    """Akses program perlindungan sosial dan jaminan sosial (LT 17(2)i)."""
    COMMUNITY_GUIDANCE = "community_guidance"
    """Bimbingan kepada Anak, keluarga dan masyarakat (LT 17(2)j)."""
    REPATRIATION = "repatriation"
    """Pemulangan (KH Lampiran I)."""
    REINTEGRATION = "reintegration"
    """Reintegrasi sosial dan ekonomi (KH Lampiran I)."""


class CompanionRole(StrEnum):
    """Who may accompany a case (LT Pasal 7(2), Pasal 1 angka 10–12)."""

    SOCIAL_WORKER = "social_worker"
    """Pekerja Sosial (certified)."""
    SOCIAL_WELFARE_WORKER = "social_welfare_worker"
    """Tenaga Kesejahteraan Sosial."""
    OTHER_TRAINED_COMPANION = "other_trained_companion"
    """Pendamping Lain yang telah terlatih."""


class ComplaintChannel(StrEnum):
    """How a complaint reached the Dinas (LT Pasal 9, hotline 129 of LT Pasal 22)."""

    WALK_IN = "walk_in"
    HOTLINE_129 = "hotline_129"
    AGENCY_LETTER = "agency_letter"
    """From another agency: needs a request letter to the Kepala Dinas (LT Pasal 9(2))."""
    SCHOOL = "school"
    COMMUNITY = "community"
    ONLINE_FORM = "online_form"


class ComplainantType(StrEnum):
    """Who complained (LT Pasal 9(1))."""

    VICTIM = "victim"
    FAMILY = "family"
    COMMUNITY = "community"
    AGENCY = "agency"


class ContractParty(StrEnum):
    """Who agreed the service contract (kontrak layanan, LT Pasal 14)."""

    CHILD = "child"
    GUARDIAN = "guardian"
    CHILD_AND_GUARDIAN = "child_and_guardian"


class TerminationReason(StrEnum):
    """Terminasi kasus (LT Pasal 20(2))."""

    SERVICES_COMPLETED = "services_completed"
    """a. telah selesai menerima pelayanan sesuai dengan permohonan."""
    CHILD_DIED = "child_died"
    """b. Anak meninggal dunia."""
    WHEREABOUTS_UNKNOWN = "whereabouts_unknown"
    """c. Anak tidak diketahui keberadaannya."""
    REFERRED_ELSEWHERE = "referred_elsewhere"
    """d. Anak dirujuk untuk mendapatkan pelayanan di tempat lain."""


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"


class DeclineReason(StrEnum):
    """Why an agency declines a referral."""

    NO_CAPACITY = "no_capacity"
    NOT_OUR_DUTY = "not_our_duty"
    CANNOT_CONTACT_CHILD = "cannot_contact_child"
    OTHER = "other"
    """Needs a free-text explanation."""


class OutcomeStatus(StrEnum):
    """The status a service report states."""

    COMPLETED = "completed"
    PARTIALLY_COMPLETED = "partially_completed"
    NOT_DELIVERED = "not_delivered"


class NotDeliveredReason(StrEnum):
    """Why a service was not delivered."""

    CHILD_REFUSED = "child_refused"
    NO_CAPACITY = "no_capacity"
    COULD_NOT_CONTACT = "could_not_contact"
    NO_LONGER_NEEDED = "no_longer_needed"
    OTHER = "other"


class OverdueKind(StrEnum):
    """Which expectation a referral missed."""

    ANSWER = "answer"
    """No accept or decline in time."""
    OUTCOME = "outcome"
    """Accepted, but no final service report in time."""


class Escalation(StrEnum):
    """Who an overdue notice goes to."""

    COMPANION = "companion"
    SUPERVISOR = "supervisor"
