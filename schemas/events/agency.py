"""Agency-level events that concern no single case."""

from datetime import datetime

from pydantic import ConfigDict, Field

from schemas.base import AgencyId, Event, event_type
from schemas.vocabulary import ServiceType


@event_type("agency", "capacity_noticed")
class CapacityNotice(Event):
    """An agency tells the hubs of its district how much of a service it can take now
    (e.g. shelter beds free), shown when a companion chooses a referral target."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "agency_id": "kh-dinsos",
                    "service": "shelter",
                    "available": 3,
                    "capacity": 8,
                    "as_of": "2026-11-23T08:00:00Z",
                }
            ]
        }
    )

    agency_id: AgencyId
    service: ServiceType
    available: int = Field(ge=0)
    capacity: int | None = Field(default=None, ge=0)
    as_of: datetime

    @property
    def subject(self) -> str:
        return self.agency_id
