"""The health service: the system the RSUD and each puskesmas run (KH Lampiran I,
REHABILITASI KESEHATAN). Everything but its report rules is the referral desk."""

from rujukan.desk import desk_service
from schemas.vocabulary import AgencyKind
from services.health.domain.policy import HEALTH_POLICY

SERVICE = desk_service(AgencyKind.HEALTH, "Rujukan health service", HEALTH_POLICY)
