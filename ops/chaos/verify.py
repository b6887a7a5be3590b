"""Counting, from the databases, what a chaos run lost or duplicated.

A referral is **lost** when its target has no record of it, or its final outcome never
reached the companion at the hub. It is **duplicated** when its target recorded it or
its final report more than once, or the hub delivered more than one final outcome for
it. Poison events count as dead-lettered when a dead-letter topic holds them with a
reason.
"""

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

import sqlalchemy as sa

from rujukan.runtime.deadletters import read_dead_letters
from rujukan.runtime.kafka_clients import operator_kafka


@dataclass(frozen=True)
class Tally:
    referrals: int
    lost: list[str]
    duplicated: list[str]
    stopped: dict[str, str] = field(default_factory=dict)
    """Where each lost referral stopped, in words (ids and event types only)."""

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
    stopped: dict[str, str] = {}
    for _case_id, referral_id, target in issued:
        at_target = received.get(target, Counter())[referral_id]
        final_reports = reported.get(target, Counter())[referral_id]
        at_companion = delivered[referral_id]
        if at_target == 0 or at_companion == 0:
            lost.append(referral_id)
            stopped[referral_id] = (
                f"{target} never recorded it"
                if at_target == 0
                else f"{target} recorded it, {final_reports} final report(s); "
                "the companion has no final outcome"
            )
        if at_target > 1 or final_reports > 1 or at_companion > 1:
            duplicated.append(referral_id)
    return Tally(len(issued), lost, duplicated, stopped)


def hub_story(hub_db: str, case_id: str, referral_id: str) -> str:
    """What the hub recorded of a referral (its journal's kinds) and refused about it
    (rule and event type): the trail a lost referral's investigation starts from."""
    engine = sa.create_engine(hub_db)
    try:
        with engine.connect() as connection:
            journal = connection.execute(
                sa.text("select kind, payload from intake_journal where case_id = :c order by seq"),
                {"c": case_id},
            )
            kinds = [kind for kind, payload in journal if referral_id in json.dumps(payload)]
            refused = connection.execute(
                sa.text(
                    "select event_type, rule from intake_refused_inbound where referral_id = :r"
                ),
                {"r": referral_id},
            )
            refusals = [f"{event_type} ({rule})" for event_type, rule in refused]
    except sa.exc.SQLAlchemyError as exc:
        return f"the hub's database could not be read ({type(exc).__name__})"
    finally:
        engine.dispose()
    story = f"the hub's journal: {', '.join(kinds) or 'nothing'}"
    return story + (f"; the hub refused {', '.join(refusals)}" if refusals else "")


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


def explained(found: Tally, hub_db: str, issued: Iterable[tuple[str, str, str]]) -> Tally:
    """``found`` with the hub's story of each lost referral added to where it stopped."""
    cases = {referral_id: case_id for case_id, referral_id, _ in issued}
    stopped = {
        referral_id: f"{why}; {hub_story(hub_db, cases[referral_id], referral_id)}"
        for referral_id, why in found.stopped.items()
    }
    return replace(found, stopped=stopped)
