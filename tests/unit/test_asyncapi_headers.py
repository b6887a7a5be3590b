"""The AsyncAPI document tells an agency's own system which headers to send and sign, and
how to reach the broker."""

from ops.asyncapi import network_asyncapi
from rujukan.directory import load_directory


def test_every_inbox_message_documents_the_signature_and_destination_headers() -> None:
    document = network_asyncapi(load_directory())

    headers = document["components"]["schemas"]["CloudEventHeaders"]
    assert {"ce_signature", "ce_destination"} <= set(headers["required"])
    assert "EdDSA" in headers["properties"]["ce_signature"]["description"]
    messages = document["components"]["messages"].values()
    assert all(m["headers"]["$ref"].endswith("/CloudEventHeaders") for m in messages)


def test_the_server_asks_for_scram_over_tls_as_production_does() -> None:
    document = network_asyncapi(load_directory())

    (server,) = document["servers"].values()
    assert server["protocol"] == "kafka-secure"
    (scheme,) = server["security"]
    name = scheme["$ref"].rsplit("/", 1)[1]
    assert document["components"]["securitySchemes"][name]["type"] == "scramSha512"
