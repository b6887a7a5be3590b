"""The legal service: the system the Polres (Unit PPA), Satpol PP, Bagian Hukum Setda
and Kantor Imigrasi run, each as its own agency instance (KH Lampiran I:
IDENTIFIKASI, BANTUAN HUKUM, and the Polres's PENAMPUNGAN, REHABILITASI SOSIAL and
PEMULANGAN duties). The referral desk plus its report rules and one read endpoint."""

from fastapi import APIRouter

from rujukan.desk import DESK, DESK_CONSUMES, desk_setup
from rujukan.runtime.service import AgencyRuntime, ServiceDefinition
from schemas.vocabulary import AgencyKind
from services.legal import routes
from services.legal.domain.policy import LEGAL_POLICY


def setup(runtime: AgencyRuntime) -> list[APIRouter]:
    return [*desk_setup(runtime, LEGAL_POLICY), routes.build_router(runtime)]


SERVICE = ServiceDefinition(
    kinds=frozenset({AgencyKind.LEGAL}),
    components=(DESK,),
    setup=setup,
    consumes=DESK_CONSUMES,
    title="Rujukan legal service",
)
