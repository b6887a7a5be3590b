"""Report rules of the legal service: the Polres (Unit PPA), Satpol PP, Bagian Hukum
Setda and Kantor Imigrasi (KH Lampiran I).

The criminal process is the case's, not one referral's: its milestones are checked
against everything this agency reported on the case. KUHAP (the criminal procedure
code) is not one of the district regulations; it is cited where the order comes from.

The Polres also gives temporary shelter "+/- 2 minggu" (about two weeks), coordinates
a psychologist and repatriates with Dinas Sosial (KH Lampiran I): the desk's shared
rules for those facts apply, with the two weeks as a warning, never a refusal.
"""

from rujukan.desk.rules import ReportContext, ReportPolicy, combine, of_kind, shelter_and_care
from rujukan.rules import catalogue, input_rule
from schemas.facts import CriminalProcess, CriminalStage, PoliceReportRegistered

CRIMINAL_PROCESS_IN_ORDER = input_rule(
    "criminal_process_in_order",
    "KUHAP",
    "the criminal process goes investigation, case file, trial, verdict, restitution, each once",
)
POLICE_REPORT_BEFORE_CASE_FILE = input_rule(
    "police_report_before_case_file",
    "KUHAP Pasal 110",
    "a case file goes to the prosecutor for a registered police report",
)
LEGAL_RULES = catalogue(globals())
"""What the legal service refuses besides the desk's rules."""

CRIMINAL_ORDER: tuple[CriminalStage, ...] = (
    CriminalStage.INVESTIGATION,
    CriminalStage.CASE_FILE_TO_PROSECUTOR,
    CriminalStage.TRIAL,
    CriminalStage.VERDICT,
    CriminalStage.RESTITUTION,
)

POLICE_SHELTER_DAYS = 14
"""KH Lampiran I, PENAMPUNGAN: "Penampungan sementara (+/- 2 minggu)" at the Polres."""


def criminal_process_in_order(context: ReportContext) -> list[str]:
    """Milestones go investigation → case file to the prosecutor → trial → verdict →
    restitution, each once, never backwards. A skipped milestone is a warning: it
    happened but was not reported."""
    earlier = of_kind(context.earlier_case_facts(), CriminalProcess)
    reached = [CRIMINAL_ORDER.index(f.stage) for f in earlier]
    last = max(reached, default=-1)
    warnings: list[str] = []
    for fact in of_kind(context.draft.facts, CriminalProcess):
        index = CRIMINAL_ORDER.index(fact.stage)
        if index <= last:
            CRIMINAL_PROCESS_IN_ORDER.refuse(
                f"facts: criminal_process {fact.stage} after {CRIMINAL_ORDER[last]} was "
                "reported: the milestones go investigation → case_file_to_prosecutor → "
                "trial → verdict → restitution, each once"
            )
        skipped = [stage.value for stage in CRIMINAL_ORDER[last + 1 : index]]
        if skipped:
            warnings.append(f"criminal process: {fact.stage} reported before {', '.join(skipped)}")
        last = index
    return warnings


def police_report_before_case_file(context: ReportContext) -> list[str]:
    """The case file goes to the prosecutor only for a registered police report: its
    number is reported on the case before (or in the same report as) the milestone
    case_file_to_prosecutor or any later one."""
    registered = bool(of_kind(context.earlier_case_facts(), PoliceReportRegistered))
    threshold = CRIMINAL_ORDER.index(CriminalStage.CASE_FILE_TO_PROSECUTOR)
    for fact in context.draft.facts:
        if isinstance(fact, PoliceReportRegistered):
            registered = True
        elif (
            isinstance(fact, CriminalProcess)
            and CRIMINAL_ORDER.index(fact.stage) >= threshold
            and not registered
        ):
            POLICE_REPORT_BEFORE_CASE_FILE.refuse(
                f"facts: criminal_process {fact.stage} needs the police report number "
                "(police_report_registered) reported on the case first"
            )
    return []


LEGAL_POLICY: ReportPolicy = combine(
    criminal_process_in_order,
    police_report_before_case_file,
    shelter_and_care(POLICE_SHELTER_DAYS, article="KH Lampiran I"),
)
"""What the legal service adds to the desk's rules."""
