"""A district's compose network, generated from the agency directory.

Every online agency of the district becomes one service of the same image, with its own
PostgreSQL role and database, its own Kafka user, and its passwords in secret files
(``make-secrets.sh``), never in the YAML. Around them: Kafka (one broker, or three with
replication 3 and ``min.insync.replicas`` 2), PostgreSQL, an OpenTelemetry collector
sending traces to Jaeger, and Prometheus scraping every service (with the agency's own
monitoring token) with the alert rules.
``rujukan compose --district ID`` writes the files; the Kapuas Hulu ones are committed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rujukan.directory import Agency, AgencyDirectory
from schemas.vocabulary import AgencyKind

KAFKA_IMAGE = "apache/kafka:3.9.0"
POSTGRES_IMAGE = "postgres:16"
COLLECTOR_IMAGE = "otel/opentelemetry-collector-contrib:0.111.0"
JAEGER_IMAGE = "jaegertracing/all-in-one:1.62.0"
PROMETHEUS_IMAGE = "prom/prometheus:v2.54.1"
BUILD = {"context": "..", "dockerfile": "compose/Dockerfile"}
READY_PROBE = (
    "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=3)"
)


@dataclass(frozen=True)
class Plan:
    """What to generate: the district, its online agencies, the number of brokers, and
    the host ports of the agencies a browser or a client reaches from the host."""

    district: str
    agencies: tuple[Agency, ...]
    brokers: int
    host_ports: dict[str, int]

    @property
    def kafka_nodes(self) -> list[str]:
        return ["kafka"] if self.brokers == 1 else [f"kafka-{n}" for n in range(1, 4)]

    @property
    def bootstrap(self) -> str:
        return ",".join(f"{node}:9092" for node in self.kafka_nodes)

    @property
    def replication(self) -> int:
        return 1 if self.brokers == 1 else 3

    @property
    def signer(self) -> str:
        """The agency whose key signs the broker-incarnation record: the district's
        first intake hub (or its first agency)."""
        hubs = [a.id for a in self.agencies if a.kind == AgencyKind.INTAKE]
        return (hubs or [self.agencies[0].id])[0]


def plan(
    directory: AgencyDirectory, district: str, brokers: int, host_ports: dict[str, int]
) -> Plan:
    """The online agencies of ``district`` (at least one), in directory order."""
    if brokers not in (1, 3):
        raise ValueError("a district runs one Kafka broker or a cluster of three")
    agencies = tuple(a for a in directory.in_district(district) if a.runs_software)
    if not agencies:
        raise ValueError(f"district {district!r} has no online agency in the directory")
    ports = {a.id: host_ports[a.id] for a in agencies if a.id in host_ports}
    return Plan(district, agencies, brokers, ports)


def database_name(agency: Agency) -> str:
    """The agency's PostgreSQL database and role: its id with underscores."""
    return agency.id.replace("-", "_")


def compose(p: Plan) -> dict[str, Any]:
    """The compose document."""
    services: dict[str, Any] = {}
    for index, node in enumerate(p.kafka_nodes, start=1):
        services[node] = _kafka(p, node, index)
    services["kafka-init"] = _kafka_init(p)
    services["kafka-topics"] = _kafka_topics(p)
    services["postgres"] = _postgres(p)
    services |= _observability(p)
    for agency in p.agencies:
        services[agency.id] = _agency(p, agency)
    secrets = {"kafka-admin": {"file": "./secrets/kafka-admin.password"}}
    secrets["postgres"] = {"file": "./secrets/postgres.password"}
    for agency in p.agencies:
        secrets[f"kafka-{agency.id}"] = {"file": f"./secrets/kafka-{agency.id}.password"}
        secrets[f"db-{agency.id}"] = {"file": f"./secrets/db-{agency.id}.password"}
        secrets[f"monitoring-{agency.id}"] = {"file": f"./secrets/monitoring-{agency.id}.token"}
    volumes: dict[str, dict[str, str]] = {f"{node}-data": {} for node in p.kafka_nodes}
    volumes |= {"postgres-data": {}, "audit-anchors": {}, "prometheus-data": {}}
    document: dict[str, Any] = {"name": f"rujukan-{p.district}", "services": services}
    if p.brokers > 1:
        document["networks"] = {"default": {}, "kafka-internal": {"internal": True}}
    return document | {"volumes": volumes, "secrets": secrets}


def _kafka(p: Plan, node: str, index: int) -> dict[str, Any]:
    environment: dict[str, str] = {
        "CLUSTER_ID": "vbStsFuBRie8iUg1QprTow",  # your own: kafka-storage.sh random-uuid
        "KAFKA_LOG_DIRS": "/var/lib/kafka/data",
        "KAFKA_REPLICATION_FACTOR": str(p.replication),
        "KAFKA_MIN_INSYNC_REPLICAS": str(min(2, p.replication)),
    }
    service: dict[str, Any] = {
        "image": KAFKA_IMAGE,
        "entrypoint": ["/bin/sh", "/etc/rujukan/kafka/start.sh"],
        "restart": "unless-stopped",
        "environment": environment,
        "volumes": [f"{node}-data:/var/lib/kafka/data", "./kafka:/etc/rujukan/kafka:ro"],
        "secrets": ["kafka-admin"],
        "healthcheck": {
            "test": [
                "CMD-SHELL",
                "/opt/kafka/bin/kafka-topics.sh --bootstrap-server localhost:9091 --list",
            ],
            "interval": "10s",
            "retries": 12,
        },
    }
    if p.brokers > 1:  # inter-broker traffic on the internal network only
        service["healthcheck"]["test"][1] = (
            f"/opt/kafka/bin/kafka-topics.sh --bootstrap-server {node}.internal:9091 --list"
        )
        voters = ",".join(f"{n}@{name}.internal:9093" for n, name in enumerate(p.kafka_nodes, 1))
        environment |= {
            "KAFKA_NODE_ID": str(index),
            "KAFKA_CONTROLLER_QUORUM_VOTERS": voters,
            "KAFKA_CLIENT_HOST": node,
            "KAFKA_INTERNAL_HOST": f"{node}.internal",
        }
        service["networks"] = {
            "default": {},
            "kafka-internal": {"aliases": [f"{node}.internal"]},
        }
    return service


def _first_kafka(p: Plan) -> dict[str, Any]:
    return {node: {"condition": "service_healthy"} for node in p.kafka_nodes}


def _kafka_init(p: Plan) -> dict[str, Any]:
    ids = [a.id for a in p.agencies]
    return {
        "image": KAFKA_IMAGE,
        "entrypoint": ["/bin/sh", "/etc/rujukan/kafka/init.sh"],
        "restart": "no",
        "depends_on": _first_kafka(p),
        "environment": {"KAFKA_BOOTSTRAP": p.bootstrap, "RUJUKAN_AGENCIES": " ".join(ids)},
        "volumes": ["./kafka:/etc/rujukan/kafka:ro"],
        "secrets": ["kafka-admin", *(f"kafka-{i}" for i in ids)],
    }


def _kafka_topics(p: Plan) -> dict[str, Any]:
    return {
        "build": BUILD,
        "image": "rujukan:local",
        "command": ["rujukan", "topics", "create"],
        "restart": "no",
        "depends_on": _first_kafka(p),
        "environment": {
            "KAFKA_BOOTSTRAP_SERVERS": p.bootstrap,
            "RUJUKAN_TOPIC_PARTITIONS": "6",
            "RUJUKAN_TOPIC_REPLICATION_FACTOR": str(p.replication),
            "RUJUKAN_KAFKA_SECURITY_PROTOCOL": "SASL_PLAINTEXT",
            "RUJUKAN_KAFKA_SASL_USERNAME": "admin",
            "RUJUKAN_KAFKA_SASL_PASSWORD_FILE": "/run/secrets/kafka-admin",
            # the incarnation record is signed with a hub's key: agencies count no other
            "RUJUKAN_AGENCY_ID": p.signer,
        }
        | _KEY_ENVIRONMENT,
        "volumes": _key_volumes(p.signer),
        "secrets": ["kafka-admin"],
    }


_KEY_ENVIRONMENT = {
    "RUJUKAN_KEY_FILE": "/run/rujukan/agency.key.json",
    "RUJUKAN_PUBLIC_KEYS_FILE": "/run/rujukan/public-keys.json",
}


def _key_volumes(agency_id: str) -> list[str]:
    """The agency's own private key file and the shared public keys (``rujukan keys``)."""
    return [
        f"./keys/{agency_id}.key.json:/run/rujukan/agency.key.json:ro",
        "./keys/public-keys.json:/run/rujukan/public-keys.json:ro",
    ]


def _postgres(p: Plan) -> dict[str, Any]:
    return {
        "image": POSTGRES_IMAGE,
        "restart": "unless-stopped",
        "environment": {"POSTGRES_PASSWORD_FILE": "/run/secrets/postgres"},
        "volumes": [
            "postgres-data:/var/lib/postgresql/data",
            "./postgres-init.sh:/docker-entrypoint-initdb.d/init.sh:ro",
        ],
        "secrets": ["postgres", *(f"db-{a.id}" for a in p.agencies)],
        "healthcheck": {
            "test": ["CMD-SHELL", "pg_isready -U postgres"],
            "interval": "5s",
            "retries": 12,
        },
    }


def _observability(p: Plan) -> dict[str, Any]:
    return {
        "otel-collector": {
            "image": COLLECTOR_IMAGE,
            "restart": "unless-stopped",
            "command": ["--config=/etc/otelcol/config.yaml"],
            "volumes": ["./otel-collector.yaml:/etc/otelcol/config.yaml:ro"],
            "depends_on": {"jaeger": {"condition": "service_healthy"}},
            # the image has no shell or HTTP client: check that the collector can load
            # its configuration (its health_check extension answers on 13133)
            "healthcheck": {
                "test": [
                    "CMD",
                    "/otelcol-contrib",
                    "validate",
                    "--config=/etc/otelcol/config.yaml",
                ],
                "interval": "30s",
                "retries": 3,
            },
        },
        "jaeger": {
            "image": JAEGER_IMAGE,
            "restart": "unless-stopped",
            "environment": {"COLLECTOR_OTLP_ENABLED": "true"},
            "ports": ["16686:16686"],
            "healthcheck": {
                "test": ["CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1:14269/"],
                "interval": "10s",
                "retries": 6,
            },
        },
        "prometheus": {
            "image": PROMETHEUS_IMAGE,
            "restart": "unless-stopped",
            "volumes": [
                "./prometheus:/etc/prometheus:ro",
                "prometheus-data:/prometheus",
            ],
            "ports": ["9090:9090"],
            # each agency's monitoring token (`prometheus_config`)
            "secrets": [f"monitoring-{a.id}" for a in p.agencies],
            "healthcheck": {
                "test": [
                    "CMD-SHELL",
                    "wget -q -O /dev/null http://127.0.0.1:9090/-/ready",
                ],
                "interval": "10s",
                "retries": 6,
            },
        },
    }


def _agency(p: Plan, agency: Agency) -> dict[str, Any]:
    name = database_name(agency)
    service: dict[str, Any] = {
        "build": BUILD,
        "image": "rujukan:local",
        "command": ["rujukan", "serve", agency.id],
        "restart": "unless-stopped",
        "depends_on": {
            "kafka-init": {"condition": "service_completed_successfully"},
            "kafka-topics": {"condition": "service_completed_successfully"},
            "postgres": {"condition": "service_healthy"},
            "otel-collector": {"condition": "service_started"},
        },
        # the audit chains' anchors, apart from the database's storage (security.md);
        # in production, storage the database administrator does not control
        "volumes": ["audit-anchors:/var/lib/rujukan/audit", *_key_volumes(agency.id)],
        "environment": _KEY_ENVIRONMENT
        | {
            "KAFKA_BOOTSTRAP_SERVERS": p.bootstrap,
            "RUJUKAN_KAFKA_SECURITY_PROTOCOL": "SASL_PLAINTEXT",
            "RUJUKAN_KAFKA_SASL_USERNAME": agency.id,
            "RUJUKAN_KAFKA_SASL_PASSWORD_FILE": f"/run/secrets/kafka-{agency.id}",
            "DATABASE_URL": f"postgresql+psycopg://{name}@postgres:5432/{name}",
            "RUJUKAN_DATABASE_PASSWORD_FILE": f"/run/secrets/db-{agency.id}",
            "RUJUKAN_AUDIT_ANCHOR_PATH": "/var/lib/rujukan/audit/anchors.jsonl",
            "RUJUKAN_HTTP_HOST": "0.0.0.0",
            "RUJUKAN_HTTP_PORT": "8000",
            # the Host names clients use: this service on the compose network, and the
            # published port on the host
            "RUJUKAN_ALLOWED_HOSTS": f"{agency.id},localhost,127.0.0.1,[::1]",
            "RUJUKAN_CONSUMER_FETCH_MAX_WAIT_MS": "500",
            "RUJUKAN_TOPIC_PARTITIONS": "6",
            "RUJUKAN_TOPIC_REPLICATION_FACTOR": str(p.replication),
            "OTEL_EXPORTER_OTLP_ENDPOINT": "http://otel-collector:4318",
        },
        "secrets": [f"kafka-{agency.id}", f"db-{agency.id}"],
        "healthcheck": {
            "test": ["CMD", "python", "-c", READY_PROBE],
            "interval": "10s",
            "start_period": "60s",
            "retries": 6,
        },
    }
    if agency.id in p.host_ports:
        service["ports"] = [f"{p.host_ports[agency.id]}:8000"]
    return service


def prometheus_config(p: Plan) -> dict[str, Any]:
    """Prometheus: every agency service's ``/metrics``, and the alert rules. ``/metrics``
    needs an ``operator`` or ``monitoring`` account's token, and a token names its agency
    (``rjk_<agency>_<secret>``): one job per agency, each with that agency's token."""
    return {
        "global": {"scrape_interval": "15s", "evaluation_interval": "15s"},
        "rule_files": ["/etc/prometheus/alerts.yml"],
        "scrape_configs": [
            {
                "job_name": f"rujukan-{a.id}",
                "metrics_path": "/metrics",
                "authorization": {
                    "type": "Bearer",
                    "credentials_file": f"/run/secrets/monitoring-{a.id}",
                },
                "static_configs": [{"targets": [f"{a.id}:8000"]}],
            }
            for a in p.agencies
        ],
    }


def secrets_script(p: Plan) -> str:
    """``make-secrets.sh``: a random password per Kafka user and database role, and a
    monitoring token per agency (registered with ``rujukan accounts token --token-file``)."""
    names = " ".join(
        ["kafka-admin", "postgres"]
        + [f"{kind}-{a.id}" for a in p.agencies for kind in ("kafka", "db")]
    )
    agencies = " ".join(a.id for a in p.agencies)
    return _SECRETS_SCRIPT.replace("@NAMES@", _wrap(names)).replace("@AGENCIES@", _wrap(agencies))


def keys_script(p: Plan) -> str:
    """``make-keys.sh``: each agency's key file and the shared public keys file."""
    return _KEYS_SCRIPT.replace("@AGENCIES@", _wrap(" ".join(a.id for a in p.agencies)))


def postgres_init_script(p: Plan) -> str:
    """``postgres-init.sh``: one role and one database per agency; a role reaches only
    its own database (``CONNECT`` is revoked from ``PUBLIC``)."""
    pairs = " ".join(f"{a.id}:{database_name(a)}" for a in p.agencies)
    return _POSTGRES_SCRIPT.replace("@AGENCIES@", _wrap(pairs))


def _wrap(words: str, width: int = 88) -> str:
    lines: list[str] = []
    for word in words.split():
        if lines and len(lines[-1]) + len(word) < width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return " \\\n  ".join(lines)


def generated_files(p: Plan) -> Sequence[tuple[str, str]]:
    """(path under compose/, text) of every file written; YAML is produced by the
    command, so this module needs no YAML library."""
    return (
        ("make-secrets.sh", secrets_script(p)),
        ("postgres-init.sh", postgres_init_script(p)),
        ("make-keys.sh", keys_script(p)),
    )


_SECRETS_SCRIPT = """\
#!/bin/sh
# Generated by `rujukan compose`: regenerate, do not edit.
# Creates the passwords of the compose network in compose/secrets/ (never committed):
# the Kafka super user, the PostgreSQL super user, one Kafka user and one database role
# per agency service, and the API token Prometheus reads each agency's /metrics with
# (rjk_<agency>_<secret>: register it with `rujukan accounts token monitoring --agency
# AGENCY --token-file secrets/monitoring-AGENCY.token`). Existing files are kept, so
# running it again changes nothing.
set -eu
cd "$(dirname "$0")"
umask 077
mkdir -p secrets
chmod 700 secrets
random() {
  LC_ALL=C tr -dc 'A-Za-z0-9' </dev/urandom | head -c 32
}
for name in @NAMES@; do
  file="secrets/$name.password"
  if [ ! -f "$file" ]; then
    random >"$file"
    # readable by the containers' users; the folder keeps other host users out
    chmod 644 "$file"
  fi
done
for agency in @AGENCIES@; do
  file="secrets/monitoring-$agency.token"
  if [ ! -f "$file" ]; then
    printf 'rjk_%s_%s' "$agency" "$(random)" >"$file"
    chmod 644 "$file"
  fi
done
echo "secrets in $(pwd)/secrets"
"""

_KEYS_SCRIPT = """\
#!/bin/sh
# Generated by `rujukan compose`: regenerate, do not edit.
# Creates each agency's signing and encryption keys in compose/keys/ (never committed):
# one private key file per agency, mounted into that agency's container only, and the
# public keys file every agency reads. Existing key files are kept (`rujukan keys init`
# never overwrites one); rotate with `rujukan keys rotate`.
set -eu
cd "$(dirname "$0")"
umask 077
mkdir -p keys
for agency in @AGENCIES@; do
  if [ ! -f "keys/$agency.key.json" ]; then
    rujukan keys init --agency "$agency" --key-file "keys/$agency.key.json" \\
      --public-keys keys/public-keys.json
  fi
done
chmod 644 keys/*.json  # readable by the containers' users; the folder keeps others out
echo "keys in $(pwd)/keys"
"""

_POSTGRES_SCRIPT = """\
#!/bin/sh
# Generated by `rujukan compose`: regenerate, do not edit.
# Runs once, when PostgreSQL initialises its storage: one login role and one database
# per agency service (AGENCY:NAME), the role owning its database and no other role
# allowed to connect to it. Passwords come from the secrets /run/secrets/db-<agency>.
set -eu
for pair in @AGENCIES@; do
  agency=${pair%%:*}
  name=${pair#*:}
  psql -v ON_ERROR_STOP=1 --username postgres --dbname postgres \\
    -v name="$name" -v password="$(cat "/run/secrets/db-$agency")" <<'SQL'
CREATE ROLE :"name" LOGIN PASSWORD :'password';
CREATE DATABASE :"name" OWNER :"name";
REVOKE ALL ON DATABASE :"name" FROM PUBLIC;
SQL
done
"""
