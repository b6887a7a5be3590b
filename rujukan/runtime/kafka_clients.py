"""Every Kafka client of the project is built here, with the transport security of
:class:`~rujukan.runtime.settings.KafkaSettings`.

Agencies, the relay, the inbox, the topic administration and the operator commands
(``rujukan dlq``, bench, chaos) all open their producers, consumers, admin clients and
FastStream brokers through these functions, so none of them can connect without the
TLS and SASL settings the deployment asks for (a test walks the code to keep it so).
FastStream's ``KafkaBroker`` takes a ``security=`` object; the aiokafka clients take
the arguments FastStream itself derives from that object, so both speak the same.

No client creates a topic by naming it. aiokafka asks for that in every metadata
request; Apache Kafka refuses where ``auto.create.topics.enable=false`` (compose sets
it), but the local broker obeys, with 4 partitions. A producer that wrote to an inbox
topic an agency had not yet created again (the first moments after a broker that lost
its data came back) would make it with the wrong partition count, which moves a case's
key to another partition. Topics are made by ``BrokerAdmin.ensure_topics`` only; a
send to a missing topic fails, and the relay holds until its topics exist.
"""

import ssl
from typing import Any

import aiokafka.client
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.protocol.metadata import MetadataRequest
from faststream.kafka import KafkaBroker
from faststream.kafka.security import parse_security
from faststream.security import BaseSecurity, SASLScram512

from rujukan.runtime.settings import SASL_PROTOCOLS, TLS_PROTOCOLS, KafkaSettings


class MetadataNeverCreating(MetadataRequest):  # type: ignore[misc]
    """A metadata request that never asks the broker to create the topics it names."""

    def __init__(
        self, topics: list[str] | None = None, allow_auto_topic_creation: bool | None = False
    ) -> None:
        super().__init__(topics, allow_auto_topic_creation=bool(allow_auto_topic_creation))


aiokafka.client.MetadataRequest = MetadataNeverCreating
"""Every aiokafka client's metadata requests (see the module docstring)."""


def tls_context(settings: KafkaSettings) -> ssl.SSLContext | None:
    """A verifying TLS context (the given CA bundle, else the system's), with the client
    certificate for mutual TLS; None when the protocol uses no TLS."""
    if settings.kafka_security_protocol not in TLS_PROTOCOLS:
        return None
    context = ssl.create_default_context(
        cafile=str(settings.kafka_ssl_cafile) if settings.kafka_ssl_cafile else None
    )
    if settings.kafka_ssl_certfile is not None and settings.kafka_ssl_keyfile is not None:
        context.load_cert_chain(settings.kafka_ssl_certfile, settings.kafka_ssl_keyfile)
    return context


def kafka_security(settings: KafkaSettings) -> BaseSecurity:
    """The transport security the settings ask for, as FastStream's security object:
    SCRAM-SHA-512 (over TLS for SASL_SSL), TLS alone, or nothing (PLAINTEXT)."""
    context = tls_context(settings)
    if settings.kafka_security_protocol in SASL_PROTOCOLS:
        return SASLScram512(
            username=settings.kafka_sasl_username or "",
            password=settings.sasl_password(),
            ssl_context=context,
            use_ssl=context is not None,
        )
    return BaseSecurity(ssl_context=context, use_ssl=context is not None)


def client_kwargs(settings: KafkaSettings) -> dict[str, Any]:
    """The keyword arguments every aiokafka client needs: where the brokers are and
    the security protocol, TLS context and SASL credentials (never log this dict)."""
    return {
        "bootstrap_servers": settings.kafka_bootstrap_servers,
        **parse_security(kafka_security(settings)),
    }


def operator_kafka(bootstrap_servers: str) -> KafkaSettings:
    """The settings of an operator command or harness: the bootstrap servers it was
    given, the transport security from the environment (the same ``RUJUKAN_KAFKA_*``
    variables an agency reads)."""
    return KafkaSettings(kafka_bootstrap_servers=bootstrap_servers)


def new_producer(settings: KafkaSettings, **options: Any) -> AIOKafkaProducer:
    """An aiokafka producer with the deployment's transport security."""
    return AIOKafkaProducer(**client_kwargs(settings), **options)


def new_consumer(settings: KafkaSettings, *topics: str, **options: Any) -> AIOKafkaConsumer:
    """An aiokafka consumer with the deployment's transport security."""
    return AIOKafkaConsumer(*topics, **client_kwargs(settings), **options)


def new_admin(settings: KafkaSettings, **options: Any) -> AIOKafkaAdminClient:
    """An aiokafka admin client with the deployment's transport security."""
    return AIOKafkaAdminClient(**client_kwargs(settings), **options)


def new_broker(settings: KafkaSettings, **options: Any) -> KafkaBroker:
    """A FastStream broker with the deployment's transport security."""
    return KafkaBroker(
        settings.kafka_bootstrap_servers, security=kafka_security(settings), **options
    )
