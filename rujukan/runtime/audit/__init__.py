"""The audit trail: who did what to which case, and who was shown a child's identity.

SKW Pasal 68 keeps case data in an information system under personal-data protection,
and UU 27/2022 asks a controller for a record of processing. Every command of every
service and every read of a child's identity appends a record to a hash-chained,
append-only table (component ``audit``); the chain's head is anchored outside the
database at intervals and at shutdown; ``rujukan audit verify`` checks both.

- ``chain.py``: the records and the hash chain, and verification (pure)
- ``tables.py``: the tables and the migration component
- ``trail.py``: :class:`AuditTrail`, appending and anchoring
- ``anchors.py``: the anchor file
- ``actor.py``: who is acting (the request's principal)
- ``middleware.py``: recording every command, for every service
"""

from rujukan.runtime.audit.chain import Anchor, Entry, Record
from rujukan.runtime.audit.tables import AUDIT
from rujukan.runtime.audit.trail import AuditTrail, IdentityAudit

__all__ = ["AUDIT", "Anchor", "AuditTrail", "Entry", "IdentityAudit", "Record"]
