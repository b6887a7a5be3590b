"""BTG Pasal 18(6)k: "Apabila peserta didik belum menerima layanan yang dibutuhkan, Kepala
Sekolah memerintahkan wali kelas/tim penanggulangan kekerasan di sekolah untuk menghubungi
Pekerja Sosial dari pemerintah setempat untuk tindak lanjutnya."

On the network the local government's social worker is the companion (pendamping) of the
child's case at the district's intake hub: every referral the school makes for a child
opens that case (BTG 18(4)c, LT Pasal 9(2)) and is copied to the hub. :func:`hand_over`
turns the closing step of a referral the pupil did not receive into the event that
reaches the companion, so nobody has to remember to contact them. It carries case ids,
agency ids and vocabulary, never a name, a party's id or a school's (SKW 33, 44(2)).
"""

from __future__ import annotations

from dataclasses import dataclass

from schemas.events.school import SchoolReferralHandedOver
from schemas.vocabulary import ServiceType
from services.education.domain.batang import BatangReferral, ReferralStep

HAND_OVER_ARTICLE = "BTG Pasal 18(6)k"


@dataclass(frozen=True)
class IssuedReferral:
    """What the service keeps of a referral it issued, as far as a hand-over needs it."""

    referral_id: str
    reference: str
    """The school report it was issued for."""
    case_id: str
    """The intake hub's case of the child, or the report's reference without one."""
    hub_id: str | None
    """The hub holding that case; None without a hub case."""
    target_id: str
    service: ServiceType


def hand_over(
    referral: IssuedReferral,
    before: BatangReferral,
    after: BatangReferral,
    *,
    agency_id: str,
) -> SchoolReferralHandedOver | None:
    """The hand-over a step of BTG 18(6) owes: when it closed the referral with the
    service not received (k), the event for the hub case's companion and the journal;
    nothing for any other step, a referral closed as received (j), or a step that left
    the referral where it was."""
    if before.step is after.step or after.step is not ReferralStep.HANDED_TO_SOCIAL_WORKER:
        return None
    assert after.closed_on is not None  # set by BatangReferral.close with the step
    return SchoolReferralHandedOver(
        case_id=referral.case_id,
        school_report_id=referral.reference,
        referral_id=referral.referral_id,
        agency_id=agency_id,
        hub_id=referral.hub_id,
        target_id=referral.target_id,
        service=referral.service,
        article=HAND_OVER_ARTICLE,
        handed_over_on=after.closed_on,
    )
