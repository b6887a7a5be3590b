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
import shlex
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from itertools import groupby

from rujukan.topology import TOPIC_PREFIX, AgencyAccess

SCRIPT_HEADER = """#!/bin/sh
# Kafka ACLs of the Rujukan network, generated from the agency directory and the
# district matrices by `{command}`: regenerate, do not edit.
# Needs KAFKA_BOOTSTRAP (host:port) and KAFKA_ADMIN_CONFIG (client properties of a
# super user); KAFKA_ACLS names the tool (default: kafka-acls.sh on the PATH).
set -eu

acl() {{
  "${{KAFKA_ACLS:-kafka-acls.sh}}" --bootstrap-server "${{KAFKA_BOOTSTRAP:?}}" \\
    --command-config "${{KAFKA_ADMIN_CONFIG:?}}" --add "$@"
}}
"""


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
    """A POSIX shell script of ``kafka-acls.sh --add`` calls: one per principal,
    operation and resource kind (the tool starts a JVM, so rules are grouped)."""
    lines = [SCRIPT_HEADER.format(command=command)]
    key = _call_key
    for (who, operation, resource_type, pattern_type), group in groupby(entries, key=key):
        flag = f"--{resource_type}"
        args = [f"--allow-principal {who} --operation {operation}"]
        if pattern_type != "literal":
            args.append(f"--resource-pattern-type {pattern_type}")
        args += [f"{flag} {shlex.quote(entry.name)}" for entry in group]
        lines.append("acl " + " \\\n  ".join(args))
    return "\n".join(lines) + "\n"


def _call_key(entry: AclEntry) -> tuple[str, str, str, str]:
    return (entry.principal, entry.operation, entry.resource_type, entry.pattern_type)


def parse_script(script: str) -> list[AclEntry]:
    """The rules a script of :func:`as_script` adds (what a review or a test reads back)."""
    entries: list[AclEntry] = []
    for call in script.replace("\\\n", " ").splitlines():
        words = shlex.split(call)
        if not words or words[0] != "acl":
            continue
        options = list(zip(words[1::2], words[2::2], strict=True))
        values = dict(options)
        pattern_type = values.get("--resource-pattern-type", "literal")
        for flag, name in options:
            if flag in ("--topic", "--group"):
                resource_type = flag.removeprefix("--")
                entries.append(
                    AclEntry(
                        values["--allow-principal"],
                        values["--operation"],
                        resource_type,
                        name,
                        pattern_type,
                    )
                )
    return entries
