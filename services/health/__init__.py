"""The health service: the system the RSUD and each puskesmas run (KH Lampiran I,
REHABILITASI KESEHATAN). Everything but its report rules is the referral desk."""

from fastapi import APIRouter

from rujukan.desk import DESK, DESK_CONSUMES, desk_setup
from rujukan.runtime.service import AgencyRuntime, ServiceDefinition
from schemas.vocabulary import AgencyKind
from services.health.domain.policy import HEALTH_POLICY


def setup(runtime: AgencyRuntime) -> list[APIRouter]:
    return desk_setup(runtime, HEALTH_POLICY)


SERVICE = ServiceDefinition(
    kinds=frozenset({AgencyKind.HEALTH}),
    components=(DESK,),
    setup=setup,
    consumes=DESK_CONSUMES,
    title="Rujukan health service",
)
