"""Closed vocabularies of violence in schools: Perwali Singkawang 45/2024 (SKW) and the
Batang draft Perbup of 2023 (BTG).

Vocabularies only: the education service's events come with its integration. Each value
is a wire value (see :mod:`schemas.vocabulary` for the evolution rule) and its docstring
keeps the Indonesian term and the article, so a reader can match the regulation text.

A remark on the seed texts, which these enums follow as written:

* SKW Pasal 6(1) as published skips letter b, but Pasal 8(1) defines *kekerasan psikis*
  as "Pasal 6 ayat (1) huruf b", so the list is read as a–g with b = psychological violence.
"""

from enum import StrEnum

# --- forms of violence --------------------------------------------------------------------


class ViolenceForm(StrEnum):
    """Bentuk kekerasan: one vocabulary for SKW Pasal 6(1) and BTG Pasal 10(1).

    The two lists overlap on physical, psychological and sexual violence. SKW adds
    bullying, discrimination and intolerance, violent policies and other forms; BTG adds
    child neglect and child exploitation (in SKW, exploitation appears only as a sub-form:
    forced labour, 7(2)d, and trafficking for sexual exploitation, 10(2)y). Each member
    says which regulation lists it; :data:`SKW_FORMS` and :data:`BTG_FORMS` hold the sets.
    """

    PHYSICAL = "physical"
    """Kekerasan fisik — SKW 6(1)a (sub-forms 7(2)), BTG 10(1)a and 10(2)."""
    PSYCHOLOGICAL = "psychological"
    """Kekerasan psikis — SKW 6(1)b (letter missing in the seed; defined in 8(1)),
    BTG 10(1)b and 10(3)."""
    BULLYING = "bullying"
    """Perundungan — SKW 6(1)c (defined in Pasal 9: repeated physical 7(2)b or psychological
    violence from an imbalance of power). BTG lists it only as a type (11 huruf b)."""
    SEXUAL = "sexual"
    """Kekerasan seksual — SKW 6(1)d (sub-forms 10(2)), BTG 10(1)c and 10(4)."""
    DISCRIMINATION_AND_INTOLERANCE = "discrimination_and_intolerance"
    """Diskriminasi dan intoleransi — SKW 6(1)e (Pasal 11). BTG lists SARA-based
    discrimination only as a type (11 huruf i)."""
    VIOLENT_POLICY = "violent_policy"
    """Kebijakan yang mengandung kekerasan — SKW 6(1)f (Pasal 13); SKW only."""
    OTHER = "other"
    """Bentuk kekerasan lainnya — SKW 6(1)g."""
    CHILD_NEGLECT = "child_neglect"
    """Penelantaran anak — BTG 10(1)d and 10(5); BTG only."""
    CHILD_EXPLOITATION = "child_exploitation"
    """Eksploitasi anak — BTG 10(1)e and 10(6) (economic, sexual or other); BTG only."""


SKW_FORMS: frozenset[ViolenceForm] = frozenset(
    {
        ViolenceForm.PHYSICAL,
        ViolenceForm.PSYCHOLOGICAL,
        ViolenceForm.BULLYING,
        ViolenceForm.SEXUAL,
        ViolenceForm.DISCRIMINATION_AND_INTOLERANCE,
        ViolenceForm.VIOLENT_POLICY,
        ViolenceForm.OTHER,
    }
)
"""The forms of SKW Pasal 6(1) a–g: a conclusion names one of these (SKW 49(3)b)."""

BTG_FORMS: frozenset[ViolenceForm] = frozenset(
    {
        ViolenceForm.PHYSICAL,
        ViolenceForm.PSYCHOLOGICAL,
        ViolenceForm.SEXUAL,
        ViolenceForm.CHILD_NEGLECT,
        ViolenceForm.CHILD_EXPLOITATION,
    }
)
"""The forms of BTG Pasal 10(1) a–e."""


# --- impacts --------------------------------------------------------------------------------


class Impact(StrEnum):
    """Akibat tindak kekerasan: the consequences that trigger actions or limit sanctions.

    The first five are the BTG 18(4)c categories that oblige the school head to refer at
    once to the service needed; the next three the BTG 18(2)i–j categories that oblige an
    immediate report to the Dinas or Gugus Tugas and a report to the police. The last
    four are the grave harms of SKW (33(1)a, 55(4)a, 56(4)a) that alone allow a pupil's
    transfer or a staff member's dismissal.
    """

    PHYSICAL_INJURY_OR_COMPLAINT = "physical_injury_or_complaint"
    """Luka fisik / keluhan fisik — BTG 18(4)c."""
    PSYCHOLOGICAL_HARM = "psychological_harm"
    """Psikis — BTG 18(4)c."""
    SEVERE_NEGLECT = "severe_neglect"
    """Penelantaran yang berat — BTG 18(4)c."""
    SEXUAL_VIOLENCE = "sexual_violence"
    """Kekerasan seksual yang membutuhkan penanganan segera — BTG 18(4)c."""
    EXPLOITATION = "exploitation"
    """Eksploitasi yang membutuhkan penanganan segera — BTG 18(4)c."""
    FAIRLY_SERIOUS_INJURY = "fairly_serious_injury"
    """Luka fisik yang cukup berat — BTG 18(2)i–j, 19(2)a."""
    PHYSICAL_DISABILITY = "physical_disability"
    """Cacat fisik — BTG 18(2)i–j, 19(2)a."""
    DEATH = "death"
    """Kematian — BTG 18(2)i–j; SKW 33(1)a, 55(4)a.3, 56(4)a.3."""
    SEVERE_PHYSICAL_INJURY = "severe_physical_injury"
    """Luka fisik berat — SKW 33(1)a, 55(4)a.1, 56(4)a.1."""
    PERMANENT_PHYSICAL_DAMAGE = "permanent_physical_damage"
    """Kerusakan fisik permanen — SKW 55(4)a.2, 56(4)a.2."""
    SEVERE_PSYCHOLOGICAL_TRAUMA = "severe_psychological_trauma"
    """Trauma psikologis berat — SKW 55(4)a.4, 56(4)a.4."""
    LIGHT_INJURY_OR_LIGHT_PSYCHOLOGICAL_IMPACT = "light_injury_or_light_psychological_impact"
    """Luka fisik ringan atau dampak psikologis ringan — SKW 55(4)b, 59(5)a; BTG 22(2)."""


# --- reports and routing -------------------------------------------------------------------


class ReportOrigin(StrEnum):
    """How handling starts (SKW Pasal 36(2)a, 36(3))."""

    REPORT = "report"
    """Penerimaan laporan: a report was received (36(2)a)."""
    FINDING = "finding"
    """Temuan dugaan kekerasan: handling starts without a report, at examination (36(3))."""


class ReportChannel(StrEnum):
    """How a report reached the TPPK, Satgas or Dinas (SKW Pasal 41(2)); no initial
    evidence is required (41(3))."""

    IN_PERSON = "in_person"
    """a. langsung."""
    LETTER = "letter"
    """b.1 surat tertulis."""
    PHONE = "phone"
    """b.2 telepon."""
    ELECTRONIC_MESSAGE = "electronic_message"
    """b.3 pesan singkat elektronik."""
    EMAIL = "email"
    """b.4 surat elektronik."""
    OTHER = "other"
    """c. bentuk penyampaian laporan lain yang memudahkan pelapor."""


class Handler(StrEnum):
    """Who handles or receives a report (SKW Pasal 37–38, 41(1); BTG 19)."""

    TPPK = "tppk"
    """Tim Pencegahan dan Penanganan Kekerasan of the school (SKW 37(1), 41(1)a)."""
    SATGAS = "satgas"
    """Satuan Tugas PPK of the city (SKW 37(3), 38(1), 41(1)b)."""
    DINAS = "dinas"
    """Dinas Pendidikan dan Kebudayaan for the local government (SKW 41(1)c, 61(2)b;
    BTG 19(3): the Dinas team for severe cases)."""


class SatgasReason(StrEnum):
    """Why the Satgas handles instead of the school's TPPK (SKW Pasal 38(1) a–d)."""

    REPORTED_IS_SCHOOL_HEAD = "reported_is_school_head"
    """a. terlapor merupakan kepala satuan pendidikan."""
    MORE_THAN_ONE_SCHOOL = "more_than_one_school"
    """b. kekerasan melibatkan lebih dari 1 (satu) satuan pendidikan."""
    TPPK_MEMBER_INVOLVED = "tppk_member_involved"
    """c. kekerasan melibatkan anggota TPPK."""
    TPPK_DID_NOT_ACT = "tppk_did_not_act"
    """d. TPPK tidak melaksanakan tugas — after a Satgas warning (37(2)–(3))."""


class HandlingStep(StrEnum):
    """Tahapan penanganan kekerasan (SKW Pasal 36(2) a–e)."""

    REPORT_RECEIVED = "report_received"
    """a. penerimaan laporan."""
    EXAMINATION = "examination"
    """b. pemeriksaan."""
    CONCLUSION_AND_RECOMMENDATION = "conclusion_and_recommendation"
    """c. penyusunan kesimpulan dan rekomendasi."""
    FOLLOW_UP_DECISION = "follow_up_decision"
    """d. tindak lanjut laporan hasil pemeriksaan (the decision, Pasal 51–52)."""
    RECOVERY = "recovery"
    """e. pemulihan (may start as soon as the report is received, 65(1))."""


class InitialAction(StrEnum):
    """Tindakan awal for a victim or witness on a report (SKW Pasal 42)."""

    SAFETY = "safety"
    """a. memfasilitasi keamanan korban dan saksi."""
    PSYCHOLOGICAL_SUPPORT = "psychological_support"
    """b. memfasilitasi bantuan pendampingan psikis."""
    CONTINUED_EDUCATION_OR_WORK = "continued_education_or_work"
    """c. memfasilitasi keberlanjutan hak pendidikan atau pekerjaan."""


# --- people ---------------------------------------------------------------------------------


class PartyRole(StrEnum):
    """The role of a person in a report (SKW Pasal 1 angka 19–22). One person may hold
    more than one role, e.g. a victim who reports (pelapor/korban)."""

    VICTIM = "victim"
    """Korban (1 angka 19)."""
    REPORTER = "reporter"
    """Pelapor (1 angka 20)."""
    WITNESS = "witness"
    """Saksi (1 angka 21)."""
    REPORTED = "reported"
    """Terlapor: the person suspected of the violence (1 angka 22)."""


class PartyStatus(StrEnum):
    """What a person is in the school community (SKW Pasal 1 angka 6, 12–13, 18)."""

    PUPIL = "pupil"
    """Peserta didik."""
    TEACHER_OR_STAFF = "teacher_or_staff"
    """Pendidik atau tenaga kependidikan (ASN or not: :class:`EmploymentStatus`)."""
    SCHOOL_HEAD = "school_head"
    """Kepala satuan pendidikan (ASN or not: :class:`EmploymentStatus`)."""
    OTHER = "other"
    """Warga satuan pendidikan lainnya, committee members, the public."""


class EmploymentStatus(StrEnum):
    """Whether a teacher, staff member or school head is a civil servant (SKW 1 angka 14):
    sanctions and objections of ASN follow civil-service law (SKW 54, 62(2))."""

    CIVIL_SERVANT = "civil_servant"
    """Aparatur Sipil Negara (ASN: PNS and PPPK)."""
    NON_CIVIL_SERVANT = "non_civil_servant"
    """Non ASN: sanctions of SKW Pasal 55."""


class ConsentPurpose(StrEnum):
    """What a recorded consent is for."""

    SATGAS_CONSULTATION = "satgas_consultation"
    """The TPPK consults and collaborates with the Satgas (SKW 37(5))."""
    ACCOMPANIMENT = "accompaniment"
    """Pendampingan (SKW 40(6)–(7))."""


class ConsentGiver(StrEnum):
    """Who gave a consent."""

    SELF = "self"
    """The person concerned."""
    PARENT_OR_GUARDIAN = "parent_or_guardian"
    """Orang tua/wali — for a child (SKW 40(7))."""
    PENDAMPING = "pendamping"
    """The child's pendamping — for accompaniment of a child (SKW 40(7))."""


class SupportPerson(StrEnum):
    """Who accompanies a person in the examination (SKW Pasal 45(2)–(3))."""

    PARENT_OR_GUARDIAN = "parent_or_guardian"
    """Orang tua/wali (45(2); 45(3) for persons with disabilities)."""
    PENDAMPING = "pendamping"
    """A pendamping suited to the disability (45(3))."""


class SummonsMethod(StrEnum):
    """How a summons is delivered (SKW Pasal 43(1))."""

    WRITTEN = "written"
    """a. surat panggilan secara tertulis."""
    ORAL = "oral"
    """b. panggilan secara lisan."""


class Addressee(StrEnum):
    """To whom a summons or request for a statement is addressed."""

    PERSON = "person"
    """The person concerned."""
    PARENT_OR_GUARDIAN = "parent_or_guardian"
    """Orang tua/wali of a pupil who is a child (SKW 43(2))."""


# --- examination, conclusion, decision --------------------------------------------------------


class StopReason(StrEnum):
    """Why an examination is stopped (SKW Pasal 47(1) a–c)."""

    REPORTED_DIED_MISSING_OR_GRAVELY_ILL = "reported_died_missing_or_gravely_ill"
    """a. terlapor meninggal dunia/tidak ditemukan/sakit berat (doctor's statement)."""
    VICTIM_NOT_FOUND = "victim_not_found"
    """b. korban tidak ditemukan."""
    INSUFFICIENT_EVIDENCE = "insufficient_evidence"
    """c. pembuktian belum cukup."""


class NoticeRecipient(StrEnum):
    """Who is told of a stopped examination (SKW Pasal 47(2)) or receives a copy of the
    decision (SKW Pasal 52(2)–(3))."""

    SCHOOL_HEAD = "school_head"
    """Kepala satuan pendidikan (47(2)a)."""
    KEPALA_DINAS = "kepala_dinas"
    """Kepala dinas pendidikan (47(2)b)."""
    REPORTED_PERSON = "reported_person"
    """Terlapor (47(2)c, 52(2)a)."""
    REPORTER_OR_VICTIM = "reporter_or_victim"
    """Pelapor/korban (47(2)d)."""
    DINAS = "dinas"
    """The Dinas, for a decision signed by the school head (52(2)b)."""
    SCHOOL = "school"
    """The school, for a decision signed by the Kepala Dinas (52(2)c)."""
    PARENTS_OF_REPORTED_PUPIL = "parents_of_reported_pupil"
    """Orang tua/wali of a reported pupil (52(3))."""


class ConclusionFinding(StrEnum):
    """Kesimpulan (SKW Pasal 49(2))."""

    PROVEN = "proven"
    """a. terbukti adanya kekerasan."""
    NOT_PROVEN = "not_proven"
    """b. tidak terbukti adanya kekerasan."""


class DecisionAuthority(StrEnum):
    """Who issues the decision on the examination report (SKW Pasal 50–51)."""

    SCHOOL_HEAD = "school_head"
    """Kepala satuan pendidikan: the TPPK's report."""
    KEPALA_DINAS = "kepala_dinas"
    """Kepala Dinas: the Satgas's report."""


# --- sanctions ------------------------------------------------------------------------------


class SanctionTier(StrEnum):
    """Tingkat sanksi administratif (SKW Pasal 53(1))."""

    LIGHT = "light"
    """a. ringan."""
    MEDIUM = "medium"
    """b. sedang."""
    HEAVY = "heavy"
    """c. berat."""


class PupilSanction(StrEnum):
    """Sanctions for a reported pupil (SKW Pasal 56), educational in nature (53(2))."""

    WRITTEN_REPRIMAND = "written_reprimand"
    """Light: teguran tertulis (56(1))."""
    EDUCATIONAL_ACTION = "educational_action"
    """Medium: tindakan yang bersifat edukatif, 5–10 school days (56(2))."""
    TRANSFER_TO_ANOTHER_SCHOOL = "transfer_to_another_school"
    """Heavy: pemindahan ke satuan pendidikan lain (56(3)); a last resort (56(4)) with
    counselling before the new school (57) and a reintegration report (58)."""


class StaffSanction(StrEnum):
    """Sanctions for reported teachers and staff outside the civil service (SKW Pasal 55)."""

    WRITTEN_REPRIMAND = "written_reprimand"
    """Light: teguran tertulis (55(1)a)."""
    PUBLISHED_WRITTEN_APOLOGY = "published_written_apology"
    """Light: pernyataan permohonan maaf tertulis, published in the school's media (55(1)b)."""
    REDUCTION_OF_RIGHTS = "reduction_of_rights"
    """Medium: pengurangan hak (55(2)a)."""
    TEMPORARY_SUSPENSION = "temporary_suspension"
    """Medium: pemberhentian sementara dari jabatan (55(2)b)."""
    TERMINATION_OF_EMPLOYMENT = "termination_of_employment"
    """Heavy: pemutusan/pemberhentian hubungan kerja (55(3)), only as 55(4) allows."""


class MitigatingFactor(StrEnum):
    """Hal yang meringankan (SKW Pasal 59(5) a–e; 59(4) requires considering them)."""

    LIGHT_IMPACT = "light_impact"
    """a. korban mengalami dampak fisik/psikis yang ringan."""
    VICTIM_FORGIVES = "victim_forgives"
    """b. korban bersedia memaafkan tanpa tekanan."""
    PERPETRATOR_PAYS_TREATMENT = "perpetrator_pays_treatment"
    """c. pelaku bersedia atau telah membiayai pengobatan korban."""
    PERPETRATOR_PUPIL_WITH_DISABILITY = "perpetrator_pupil_with_disability"
    """d. pelaku peserta didik penyandang disabilitas."""
    PERPETRATOR_IS_CHILD = "perpetrator_is_child"
    """e. pelaku berusia anak."""


class AggravatingFactor(StrEnum):
    """Hal yang memberatkan (SKW Pasal 59(6) a–e)."""

    MODERATE_OR_SEVERE_IMPACT = "moderate_or_severe_impact"
    """a. korban mengalami dampak fisik dan/atau psikis yang sedang atau berat."""
    REPEATED = "repeated"
    """b. pelaku telah melakukan kekerasan lebih dari 1 (satu) kali."""
    MORE_THAN_ONE_VICTIM = "more_than_one_victim"
    """c. jumlah korban lebih dari 1 (satu) orang."""
    VICTIM_WITH_DISABILITY = "victim_with_disability"
    """d. korban penyandang disabilitas."""
    PERPETRATOR_IN_POSITION = "perpetrator_in_position"
    """e. pelaku anggota TPPK, Satgas, kepala satuan pendidikan, pendidik atau tenaga
    kependidikan."""


# --- objections ------------------------------------------------------------------------------


class ObjectionOutcome(StrEnum):
    """Hasil evaluasi keberatan (SKW Pasal 63(4)); final (63(8))."""

    UPHELD = "upheld"
    """a. menguatkan putusan TPPK atau Satuan Tugas."""
    SANCTION_LIGHTENED = "sanction_lightened"
    """b.1 mengubah putusan: meringankan sanksi (after re-examination, 63(5))."""
    SANCTION_INCREASED = "sanction_increased"
    """b.2 mengubah putusan: memberatkan sanksi (after re-examination, 63(5))."""
    ANNULLED = "annulled"
    """c. membatalkan putusan (after re-examination, 63(5); follow-up 63(6))."""


class AnnulmentFollowUp(StrEnum):
    """Follow-up of an annulled decision (SKW Pasal 63(6))."""

    RESTORE_GOOD_NAME = "restore_good_name"
    """a. pemulihan nama baik pelaku."""
    ADMINISTRATIVE_SANCTION = "administrative_sanction"
    """b. pengenaan sanksi administratif bagi terlapor."""


class PolicyRemedy(StrEnum):
    """For violence through an education policy (SKW Pasal 63(7))."""

    ANNUL_POLICY = "annul_policy"
    """Pembatalan kebijakan pendidikan."""
    REVOKE_POLICY = "revoke_policy"
    """Pencabutan kebijakan pendidikan."""


# --- support ----------------------------------------------------------------------------------


class AccompanimentType(StrEnum):
    """Bentuk pendampingan (SKW Pasal 40(4) a–f)."""

    COUNSELLING = "counselling"
    """a. konseling."""
    HEALTH_SERVICE = "health_service"
    """b. layanan kesehatan."""
    LEGAL_AID = "legal_aid"
    """c. bantuan hukum."""
    ADVOCACY = "advocacy"
    """d. advokasi."""
    SOCIAL_AND_SPIRITUAL_GUIDANCE = "social_and_spiritual_guidance"
    """e. bimbingan sosial dan rohani."""
    OTHER = "other"
    """f. layanan pendampingan lain."""


class CostBearer(StrEnum):
    """Who pays for a referral from a Batang school (BTG Pasal 18(6)b: "pihak mana yang
    akan membiayai")."""

    PARENTS = "parents"
    """Orang tua/wali."""
    SCHOOL = "school"
    """The school's budget (cf. BTG 15)."""
    LOCAL_GOVERNMENT = "local_government"
    """Pemerintah Daerah."""
    HEALTH_INSURANCE = "health_insurance"
    """The national health insurance (JKN/BPJS Kesehatan)."""
    FREE_OF_CHARGE = "free_of_charge"
    """The service provider charges nothing."""
    OTHER = "other"


# --- what the education service tells others ------------------------------------------------


class SchoolNoticeKind(StrEnum):
    """A notice a school owes by itself, without anyone having to remember it (BTG 18)."""

    PARENTS = "parents"
    """Tell the parents or guardian of a pupil involved as victim or perpetrator
    (BTG 18(2)b, by letter 18(4)h, at once 13(2)d), and of a referral (18(4)c)."""
    DINAS_OR_GUGUS_TUGAS = "dinas_or_gugus_tugas"
    """Report at once to the Dinas or the Gugus Tugas: fairly serious injury, physical
    disability or death (BTG 18(2)i)."""


class SchoolDocument(StrEnum):
    """A document of the handling that the regulation sends to named recipients: the
    recipients are :class:`NoticeRecipient` values. The decision on an objection (SKW
    63–64) names no recipients and is not one of them."""

    DECISION = "decision"
    """Salinan keputusan (SKW 52(2)–(3)): the reported person, the Dinas or the school,
    a reported pupil's parents."""
    EXAMINATION_STOP = "examination_stop"
    """Penghentian pemeriksaan (SKW 47(2)): the school head, the Kepala Dinas, the
    reported person, the reporter or victim."""
