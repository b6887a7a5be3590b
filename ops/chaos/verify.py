"""Counting, from the databases, what a chaos run lost or duplicated.

A referral is **lost** when its target has no record of it, or its final outcome never
reached the companion at the hub. It is **duplicated** when its target recorded it or
its final report more than once, or the hub delivered more than one final outcome for
it. Poison events count as dead-lettered when a dead-letter topic holds them with a
reason.
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import sqlalchemy as sa

from rujukan.runtime.deadletters import read_dead_letters
from rujukan.runtime.kafka_clients import operator_kafka


@dataclass(frozen=True)
class Tally:
    referrals: int
    lost: list[str]
    duplicated: list[str]

    @property
    def done(self) -> bool:
        return not self.lost


def _counts(database_url: str, query: str) -> Counter[str]:
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as connection:
            return Counter(str(row[0]) for row in connection.execute(sa.text(query)))
    except (sa.exc.OperationalError, sa.exc.ProgrammingError):
        return Counter()  # the table does not exist yet, or the server is down: ask again
    finally:
        engine.dispose()


def tally(
    hub_db: str, target_dbs: Mapping[str, str], issued: Iterable[tuple[str, str, str]]
) -> Tally:
    """Lost and duplicated referrals among ``issued`` (case id, referral id, target), from
    the databases at the URLs ``hub_db`` and ``target_dbs``."""
    issued = list(issued)
    delivered = _counts(
        hub_db,
        "select referral_id from intake_outcomes where final and recipient_id is not null",
    )
    received: dict[str, Counter[str]] = {}
    reported: dict[str, Counter[str]] = {}
    for target, database in target_dbs.items():
        received[target] = _counts(database, "select referral_id from desk_referrals")
        reported[target] = _counts(database, "select referral_id from desk_reports where final")
    lost, duplicated = [], []
    for _case_id, referral_id, target in issued:
        at_target = received.get(target, Counter())[referral_id]
        final_reports = reported.get(target, Counter())[referral_id]
        at_companion = delivered[referral_id]
        if at_target == 0 or at_companion == 0:
            lost.append(referral_id)
        if at_target > 1 or final_reports > 1 or at_companion > 1:
            duplicated.append(referral_id)
    return Tally(len(issued), lost, duplicated)


async def dead_lettered(
    bootstrap: str, dlq_topics: Iterable[str], markers: Iterable[str]
) -> tuple[int, list[str]]:
    """How many poison markers (ce_ids) a dead-letter topic holds with a reason; and the
    markers missing."""
    wanted = set(markers)
    found: set[str] = set()
    for topic in dlq_topics:
        for letter in await read_dead_letters(operator_kafka(bootstrap), topic):
            if letter.event_id in wanted and letter.reason:
                found.add(letter.event_id)
    return len(found), sorted(wanted - found)
