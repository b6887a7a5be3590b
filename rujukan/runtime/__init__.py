"""The shared agency runtime: one process per agency instance."""
