"""The operator side of the network: the `rujukan` CLI, `up`, the demo, the benchmark,
the fault harness, the service registry and the AsyncAPI export. Clients of the
agency services; nothing in `rujukan/`, `schemas/` or `services/` imports it."""
