"""The education service: what a Dinas Pendidikan dan Kebudayaan runs for its schools'
TPPK teams, school heads and homeroom teachers and the city Satgas PPK (SKW Pasal 1(4),
BTG Pasal 1(4)).

It receives referrals like every agency service — the referral desk, with the rules of
continued schooling (LT Pasal 23, SKW 39) — and it originates them: the handling of
violence in schools (SKW Pasal 36–68, BTG Pasal 13–23), whose pure rules live in
``domain/``.
"""

from fastapi import APIRouter

from rujukan.desk import DESK, DESK_CONSUMES, Desk, desk_setup
from rujukan.runtime.service import AgencyRuntime, ServiceDefinition
from schemas.vocabulary import AgencyKind
from services.education import schooling
from services.education.domain.policy import EDUCATION_POLICY


def setup(runtime: AgencyRuntime) -> list[APIRouter]:
    routers = desk_setup(runtime, EDUCATION_POLICY)
    return [*routers, schooling.build_router(Desk(runtime, EDUCATION_POLICY))]


SERVICE = ServiceDefinition(
    kinds=frozenset({AgencyKind.EDUCATION}),
    components=(DESK,),
    setup=setup,
    consumes=DESK_CONSUMES,
    title="Rujukan education service",
)
