"""The broker's access control lists, in the forms Apache Kafka's tools take, derived
from the network's topology (``rujukan/topology.py``): ``rujukan acls`` prints them.

Each agency is the Kafka principal ``User:<agency-id>`` (its SCRAM user name, or the
common name of its client certificate). It may read its inbox, the broker-incarnation
topic and its consumer group, write where :func:`rujukan.topology.writes_of` says, and
describe the network's topics (``rujukan.`` prefixed: topic names are agency ids, which
the directory publishes anyway), so that start-up finds every topic and creates none.
Agencies get no Create, Alter or Delete: an operator creates the topics and the
incarnation marker with a super user (``rujukan topics create``). Anything not granted
is refused (``allow.everyone.if.no.acl.found=false``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from itertools import groupby

from rujukan.topology import TOPIC_PREFIX, AgencyAccess

SCRIPT_HEADER = """#!/bin/sh
# Kafka ACLs of the Rujukan network, generated from the agency directory and the
# district matrices by `{command}`: regenerate, do not edit.
# Needs KAFKA_BOOTSTRAP (host:port) and KAFKA_ADMIN_CONFIG (client properties of a
# super user); KAFKA_ACLS names the tool (default: kafka-acls.sh on the PATH).
# Each row below is one call of the tool (it starts a JVM, so rules are grouped):
# principal, operation, resource type, pattern type, then the resource names.
set -euf

while read -r who operation kind pattern names; do
  set --
  for name in $names; do set -- "$@" "--$kind" "$name"; done
  "${{KAFKA_ACLS:-kafka-acls.sh}}" --bootstrap-server "${{KAFKA_BOOTSTRAP:?}}" \\
    --command-config "${{KAFKA_ADMIN_CONFIG:?}}" --add --allow-principal "$who" \\
    --operation "$operation" --resource-pattern-type "$pattern" "$@" </dev/null
done <<'RULES'
"""
_RULES_START = "done <<'RULES'"
_RULES_END = "RULES"


@dataclass(frozen=True, order=True, slots=True)
class AclEntry:
    """One ALLOW rule: ``principal`` may ``operation`` on a topic or group."""

    principal: str
    operation: str
    resource_type: str
    name: str
    pattern_type: str = "literal"


def principal(agency_id: str) -> str:
    """The Kafka principal of an agency."""
    return f"User:{agency_id}"


def agency_acls(access: AgencyAccess) -> list[AclEntry]:
    """The ALLOW rules of one agency, in a stable order."""
    who = principal(access.agency_id)
    return [
        *(AclEntry(who, "Read", "topic", topic) for topic in access.reads),
        AclEntry(who, "Read", "group", access.group),
        *(AclEntry(who, "Write", "topic", topic) for topic in access.writes),
        AclEntry(who, "Describe", "topic", TOPIC_PREFIX, "prefixed"),
    ]


def network_acls(accesses: Iterable[AgencyAccess]) -> list[AclEntry]:
    """Every rule of the given agencies."""
    return [entry for access in accesses for entry in agency_acls(access)]


def as_json(entries: Iterable[AclEntry]) -> str:
    """The rules as a JSON list (for review and for tools that are not kafka-acls.sh)."""
    return json.dumps(
        [asdict(entry) | {"permission": "ALLOW", "host": "*"} for entry in entries], indent=2
    )


def as_script(entries: Iterable[AclEntry], command: str) -> str:
    """A POSIX shell script that adds the rules with ``kafka-acls.sh --add``: the rules
    as rows of data, one per principal, operation and resource kind, and one loop that
    hands each row to the tool."""
    rows = "".join(
        " ".join((*key, *(entry.name for entry in group))) + "\n"
        for key, group in groupby(entries, key=_call_key)
    )
    return SCRIPT_HEADER.format(command=command) + rows + _RULES_END + "\n"


def _call_key(entry: AclEntry) -> tuple[str, str, str, str]:
    return (entry.principal, entry.operation, entry.resource_type, entry.pattern_type)


def parse_script(script: str) -> list[AclEntry]:
    """The rules a script of :func:`as_script` adds (what a review or a test reads back)."""
    lines = script.splitlines()
    start = lines.index(_RULES_START) + 1
    rows = lines[start : lines.index(_RULES_END, start)]
    return [
        AclEntry(who, operation, kind, name, pattern)
        for who, operation, kind, pattern, *names in map(str.split, rows)
        for name in names
    ]
