"""The people in a report, by role and local id — never by name.

A :class:`Party` says what a person is *in the case* (victim, reporter, witness, reported
person; pupil, staff, school head or other) and nothing about who they are. Names and
contacts live in :class:`PartyIdentity`, kept apart by the service and never put into
anything that leaves it unless a referral needs the child victim's identity
(SKW Pasal 33(1)c, 44(2); BTG 13(6)e).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from schemas.events.case import ChildIdentity
from schemas.school import EmploymentStatus, PartyRole, PartyStatus
from schemas.vocabulary import Sex

LocalId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")]
"""An opaque local id (no spaces): a party, a school (e.g. its NPSN) or a report."""


class Party(BaseModel):
    """One person in a report. ``party_id`` is an opaque local id, never a name."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    party_id: LocalId
    roles: frozenset[PartyRole] = Field(min_length=1)
    status: PartyStatus
    employment: EmploymentStatus | None = Field(
        default=None, description="Required for teachers, staff and school heads."
    )
    child: bool = Field(default=False, description="Under 18 (berusia anak).")
    disability: bool = Field(default=False, description="Penyandang disabilitas (SKW 45(3)).")
    mental_or_intellectual_disability: bool = Field(
        default=False, description="SKW 65(6): recovery regardless of age."
    )
    tppk_member: bool = Field(default=False, description="A member of the TPPK (SKW 38(1)c).")
    school_id: LocalId | None = None

    @model_validator(mode="after")
    def _employment_only_for_staff(self) -> Party:
        staff = self.status in (PartyStatus.TEACHER_OR_STAFF, PartyStatus.SCHOOL_HEAD)
        if staff and self.employment is None:
            raise ValueError("employment (civil servant or not) is required for staff")
        if not staff and self.employment is not None:
            raise ValueError("employment is only for teachers, staff and school heads")
        if self.mental_or_intellectual_disability and not self.disability:
            raise ValueError("a mental or intellectual disability is a disability")
        return self

    def has(self, role: PartyRole) -> bool:
        return role in self.roles

    @property
    def is_pupil(self) -> bool:
        return self.status is PartyStatus.PUPIL

    @property
    def is_child_pupil(self) -> bool:
        """Peserta didik berusia anak (SKW 40(2)a, 43(2), 45(2), 65(1))."""
        return self.is_pupil and self.child

    @property
    def is_staff(self) -> bool:
        """A teacher, staff member or school head."""
        return self.employment is not None

    @property
    def is_civil_servant(self) -> bool:
        return self.employment is EmploymentStatus.CIVIL_SERVANT


class PartyIdentity(BaseModel):
    """Who a party is: personal data (UU PDP 27/2022). Kept by the education service
    next to, never inside, the report; nothing in the domain puts it into cross-agency
    output except :func:`~services.education.domain.confidentiality.referral_payload`
    for the child victim a referral is for."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", json_schema_extra={"x-personal-data": True}
    )

    party_id: LocalId
    name: str = Field(min_length=1, max_length=200)
    sex: Sex
    date_of_birth: date | None = None
    estimated_age: int | None = Field(default=None, ge=0, le=17)
    address: str | None = Field(default=None, max_length=300)
    disability: str | None = Field(default=None, max_length=200)
    guardian_contact: str | None = Field(default=None, max_length=200)

    def as_child_identity(self) -> ChildIdentity:
        """The network's :class:`~schemas.events.case.ChildIdentity` for a referral."""
        return ChildIdentity(
            name=self.name,
            date_of_birth=self.date_of_birth,
            estimated_age=self.estimated_age,
            sex=self.sex,
            address=self.address,
            disability=self.disability,
            guardian_contact=self.guardian_contact,
        )
