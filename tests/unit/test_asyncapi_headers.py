"""The AsyncAPI document tells an agency's own system which headers to send and sign."""

from ops.asyncapi import network_asyncapi
from rujukan.directory import load_directory


def test_every_inbox_message_documents_the_signature_and_destination_headers() -> None:
    document = network_asyncapi(load_directory())

    headers = document["components"]["schemas"]["CloudEventHeaders"]
    assert {"ce_signature", "ce_destination"} <= set(headers["required"])
    assert "EdDSA" in headers["properties"]["ce_signature"]["description"]
    messages = document["components"]["messages"].values()
    assert all(m["headers"]["$ref"].endswith("/CloudEventHeaders") for m in messages)
