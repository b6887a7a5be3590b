"""The social service: the system Dinas Sosial runs (KH Lampiran I: PENAMPUNGAN,
REHABILITASI SOSIAL, PEMULANGAN, REINTEGRASI SOSIAL DAN EKONOMI, and identification
with victim accompaniment). Everything but its report rules is the referral desk."""

from rujukan.desk import desk_service
from schemas.vocabulary import AgencyKind
from services.social.domain.policy import SOCIAL_POLICY

SERVICE = desk_service(AgencyKind.SOCIAL, "Rujukan social service", SOCIAL_POLICY)
