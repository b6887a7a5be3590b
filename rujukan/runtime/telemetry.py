"""OpenTelemetry: one trace per case journey across agencies.

The W3C trace context of the operation that stages an event (an HTTP request, or the
processing of another event) is stored with the outbox row. The relay opens a
producer span as its child and puts the producer span's context in the Kafka
``traceparent`` header; the consumer opens its processing span as a child of that.
Spans follow the OpenTelemetry messaging semantic conventions.
"""

from collections.abc import Mapping

from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.trace import Tracer
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

_PROPAGATOR = TraceContextTextMapPropagator()

# messaging semantic conventions (attribute names as in the OTel spec)
MESSAGING_SYSTEM = "messaging.system"
MESSAGING_DESTINATION = "messaging.destination.name"
MESSAGING_OPERATION_TYPE = "messaging.operation.type"
MESSAGING_OPERATION_NAME = "messaging.operation.name"
MESSAGING_MESSAGE_ID = "messaging.message.id"
MESSAGING_KAFKA_KEY = "messaging.kafka.message.key"
MESSAGING_KAFKA_OFFSET = "messaging.kafka.offset"
MESSAGING_PARTITION = "messaging.destination.partition.id"
MESSAGING_CONSUMER_GROUP = "messaging.consumer.group.name"
CLOUDEVENTS_TYPE = "cloudevents.event_type"
CLOUDEVENTS_SOURCE = "cloudevents.event_source"
RUJUKAN_AGENCY = "rujukan.agency_id"
# HTTP server semantic conventions
HTTP_METHOD = "http.request.method"
HTTP_ROUTE = "http.route"
HTTP_STATUS = "http.response.status_code"


_TRACER = trace.get_tracer("rujukan")
"""Made once: a provider's ``get_tracer`` builds a new tracer at every call, which cost
as much as the span it started. Made before ``setup_tracing``, it is a proxy that
passes to the provider installed later."""


def tracer() -> Tracer:
    return _TRACER


def setup_tracing(service_name: str, otlp_endpoint: str | None) -> None:
    """Install a tracer provider for this process unless one is already installed
    (tests install an in-memory one first). Exports over OTLP/HTTP when configured."""
    if isinstance(trace.get_tracer_provider(), TracerProvider):
        return
    provider = TracerProvider(resource=Resource.create({"service.name": service_name}))
    if otlp_endpoint:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        endpoint = otlp_endpoint.rstrip("/") + "/v1/traces"
        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=endpoint)))
    trace.set_tracer_provider(provider)


def current_trace_headers() -> dict[str, str]:
    """The current span's W3C ``traceparent`` (and ``tracestate``), if any."""
    carrier: dict[str, str] = {}
    _PROPAGATOR.inject(carrier)
    return carrier


def context_from(headers: Mapping[str, str]) -> Context:
    """The trace context carried by message headers (an empty context if none)."""
    return _PROPAGATOR.extract(carrier=dict(headers), context=otel_context.Context())


def trace_headers_of(ctx: Context) -> dict[str, str]:
    carrier: dict[str, str] = {}
    _PROPAGATOR.inject(carrier, context=ctx)
    return carrier
