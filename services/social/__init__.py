"""The social service: the system Dinas Sosial runs (KH Lampiran I: PENAMPUNGAN,
REHABILITASI SOSIAL, PEMULANGAN, REINTEGRASI SOSIAL DAN EKONOMI, and identification
with victim accompaniment). Everything but its report rules is the referral desk."""

from fastapi import APIRouter

from rujukan.desk import DESK, DESK_CONSUMES, desk_setup
from rujukan.runtime.service import AgencyRuntime, ServiceDefinition
from schemas.vocabulary import AgencyKind
from services.social.domain.policy import SOCIAL_POLICY


def setup(runtime: AgencyRuntime) -> list[APIRouter]:
    return desk_setup(runtime, SOCIAL_POLICY)


SERVICE = ServiceDefinition(
    kinds=frozenset({AgencyKind.SOCIAL}),
    components=(DESK,),
    setup=setup,
    consumes=DESK_CONSUMES,
    title="Rujukan social service",
)
