"""The legal service's own read endpoint, next to the desk's."""

from fastapi import APIRouter

from rujukan.desk.routes import DESK_STAFF
from rujukan.desk.store import DeskRepository
from rujukan.desk.usecases import Desk
from rujukan.runtime.routing import api_router
from services.legal.domain.progress import CriminalProcessView, criminal_process


def build_router(desk: Desk) -> APIRouter:
    router = api_router(tags=["legal"], dependencies=[DESK_STAFF])

    @router.get(
        "/cases/{case_id}/criminal-process",
        summary="Where the case's criminal process stands, from this agency's reports",
    )
    def case_criminal_process(case_id: str) -> CriminalProcessView:
        with desk.read_sessions() as session:
            reports = DeskRepository(session).case_reports(case_id)
        return criminal_process(case_id, reports)

    return router
