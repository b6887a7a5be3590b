"""The district's referral matrix (KH Lampiran I, LT Pasal 17(2)): its stages, and who a
referral at a stage may go to, with their latest capacity."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query

from rujukan.errors import NotFound
from rujukan.matrix import DistrictMatrix, UnknownDistrict
from rujukan.runtime.routing import api_router
from services.intake.routes.common import REFUSALS
from services.intake.usecases import IntakeHub
from services.intake.views import CapacityView, StageView, TargetView, view_of


def router(hub: IntakeHub, guard: Any) -> APIRouter:
    """The routes, each behind ``guard`` (the case guard)."""
    api = api_router(tags=["matrix"], responses=REFUSALS, dependencies=[guard])
    directory = hub.directory

    def matrix_of(district: str) -> DistrictMatrix:
        try:
            return hub.matrix(district)
        except UnknownDistrict as exc:
            raise NotFound(str(exc)) from exc

    @api.get("/matrix/{district}/stages", summary="The stages of a matrix")
    def stages(district: str) -> list[StageView]:
        matrix = matrix_of(district)
        return [
            StageView(
                stage=stage,
                services=list(dict.fromkeys(r.service for r in matrix.rows_for(stage))),
                sources=list(dict.fromkeys(r.source for r in matrix.rows_for(stage))),
                institutions=[a.id for a in matrix.targets_for(stage, directory)],
            )
            for stage in matrix.stages()
        ]

    @api.get(
        "/matrix/{district}/targets",
        summary="Who a referral at this stage may go to, online or offline, with capacity",
    )
    def targets(
        district: str, stage: str = Query(description="A stage of the district's matrix.")
    ) -> list[TargetView]:
        matrix = matrix_of(district)
        agencies = matrix.targets_for(stage, directory)
        with hub.reading() as repository:
            capacity = repository.latest_capacity([a.id for a in agencies])
        views = []
        for agency in agencies:
            row = matrix.row_listing(stage, agency)
            assert row is not None
            notice = capacity.get((agency.id, row.service.value))
            views.append(
                TargetView(
                    agency_id=agency.id,
                    name=agency.name,
                    kind=agency.kind,
                    online=agency.runs_software and agency.id != hub.network.hub_id,
                    service=row.service,
                    duty=row.duty,
                    source=row.source,
                    identity_by_default=hub.identity_needs.needed(row.service),
                    capacity=view_of(CapacityView, notice) if notice else None,
                )
            )
        return views

    return api
