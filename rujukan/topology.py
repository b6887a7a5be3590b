"""Who reads and who writes which topic: a pure function of the agency directory and
the district matrices, so the broker's ACLs (``rujukan acls``), the topics an operator
creates and anything else that needs the network's shape derive from one place.

What an agency writes is what its code publishes, and nothing more:

- an **intake hub** sends referrals, cancellations, overdue notices and proofs of
  delivery to the agencies its district's matrix lists (KH Lampiran I, LT Pasal 17(2)),
  and its case journal to its journal topic;
- an **education service** sends complaints, copies of the referrals it makes and
  hand-overs (BTG 18(6)k) to its district's hubs, referrals owed at once (BTG 18(4)c) to
  the agencies of the matrix, and its school reports to its journal topic;
- an agency of the **referral desk** (health, social, legal; and an education service the
  matrix lists) sends its answers, reports and capacity notices to its district's hubs,
  copies of answers to the referrer (a school, or an agency that referred on), and
  onward referrals to the agencies of the matrix (LT Pasal 17(3): every outcome reaches
  the hub);
- every agency writes its own dead-letter topic (through its outbox).

An agency reads its own inbox (in its consumer group ``rujukan.<agency-id>``) and the
broker-incarnation topic, and nothing else: journals and dead letters are read by
auditors and operators with principals of their own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rujukan.directory import Agency, AgencyDirectory
from rujukan.matrix import DistrictMatrix
from schemas.vocabulary import AgencyKind

INCARNATION_TOPIC = "rujukan.broker.incarnation"
"""One record identifying the broker's current life (the runtime's incarnation probe)."""

TOPIC_PREFIX = "rujukan."
"""Every topic of the network starts with this."""

JOURNAL_KINDS = frozenset({AgencyKind.INTAKE, AgencyKind.EDUCATION})
"""Kinds that publish a journal topic: the hub's case journal, and the education
service's school reports, routing, notices, copies, unroutable and handed-over
referrals and missed deadlines (read by the Satgas and Dinas)."""


def consumer_group(agency: Agency) -> str:
    """The consumer group an agency reads its inbox in."""
    return f"{TOPIC_PREFIX}{agency.id}"


def network_topics(directory: AgencyDirectory, partitions: int) -> dict[str, int]:
    """Every topic of the network with its partitions: the incarnation topic, every
    online agency's inbox and dead-letter topic, and the journal topic of every intake
    hub and education service, so a publisher never writes to a missing topic."""
    topics = {INCARNATION_TOPIC: 1}
    for agency in directory.online():
        topics[agency.inbox_topic] = partitions
        topics[agency.dead_letter_topic] = partitions
    for agency in directory:
        if agency.kind in JOURNAL_KINDS:
            topics[agency.journal_topic] = partitions
    return topics


def district_topics(directory: AgencyDirectory, district: str, partitions: int) -> dict[str, int]:
    """The topics an agency of ``district`` makes sure of when it starts or finds its
    broker new: the incarnation topic and its own district's inboxes, dead-letter and
    journal topics, which hold every topic it reads or writes (a referral, its answers
    and its outcome stay inside the district). The whole directory's topics are created
    once by the operator (``rujukan topics create``), so an agency's start-up does not
    grow with the number of districts on the network."""
    topics = {INCARNATION_TOPIC: 1}
    for agency in directory.in_district(district):
        if agency.runs_software:
            topics[agency.inbox_topic] = partitions
            topics[agency.dead_letter_topic] = partitions
        if agency.kind in JOURNAL_KINDS:
            topics[agency.journal_topic] = partitions
    return topics


@dataclass(frozen=True, slots=True)
class AgencyAccess:
    """What one agency's principal may do on the broker."""

    agency_id: str
    reads: tuple[str, ...]
    """Topics it consumes: its own inbox and the incarnation topic."""
    group: str
    """Its consumer group."""
    writes: tuple[str, ...]
    """Topics it publishes to, sorted."""


def matrix_targets(
    district: str, directory: AgencyDirectory, matrices: Mapping[str, DistrictMatrix]
) -> tuple[Agency, ...]:
    """The online agencies a district's matrix lists at any stage (none without a
    matrix): where referrals of that district may go as events."""
    matrix = matrices.get(district)
    if matrix is None:
        return ()
    found: dict[str, Agency] = {}
    for stage in matrix.stages():
        for agency in matrix.targets_for(stage, directory):
            if agency.runs_software:
                found.setdefault(agency.id, agency)
    return tuple(found.values())


def writes_of(
    agency: Agency, directory: AgencyDirectory, matrices: Mapping[str, DistrictMatrix]
) -> frozenset[str]:
    """The topics ``agency`` publishes to (see the module's docstring)."""
    district = agency.district
    targets = matrix_targets(district, directory, matrices)
    hubs = tuple(h for h in directory.hubs(district) if h.runs_software)
    schools = tuple(a for a in directory.in_district(district) if a.kind is AgencyKind.EDUCATION)
    recipients: list[Agency] = []
    if agency.kind is not AgencyKind.INTAKE:
        recipients += hubs
    if agency.kind in (AgencyKind.INTAKE, AgencyKind.EDUCATION) or agency in targets:
        recipients += targets
    if agency in targets and agency.kind is not AgencyKind.INTAKE:
        recipients += (s for s in schools if s.runs_software)
    topics = {r.inbox_topic for r in recipients if r.id != agency.id}
    topics.add(agency.dead_letter_topic)
    if agency.kind in JOURNAL_KINDS:
        topics.add(agency.journal_topic)
    return frozenset(topics)


def access_of(
    agency: Agency, directory: AgencyDirectory, matrices: Mapping[str, DistrictMatrix]
) -> AgencyAccess:
    """Everything one online agency's principal is allowed."""
    return AgencyAccess(
        agency_id=agency.id,
        reads=(agency.inbox_topic, INCARNATION_TOPIC),
        group=consumer_group(agency),
        writes=tuple(sorted(writes_of(agency, directory, matrices))),
    )


def network_access(
    directory: AgencyDirectory,
    matrices: Mapping[str, DistrictMatrix],
    districts: Iterable[str] | None = None,
) -> tuple[AgencyAccess, ...]:
    """The access of every online agency (of ``districts``, default all), in directory
    order. Offline institutions get nothing: they have no process on the network."""
    wanted = set(districts) if districts is not None else None
    return tuple(
        access_of(agency, directory, matrices)
        for agency in directory.online()
        if wanted is None or agency.district in wanted
    )
