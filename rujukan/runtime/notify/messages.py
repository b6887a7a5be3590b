"""What a notice looks like on each channel (pure).

The e-mail's subject and text, and the webhook's JSON body, are made once when the
delivery is staged and stored with it, so every attempt sends the same bytes. The
webhook body (documented in docs/notifications.md):

    {"type": "rujukan.notice.new_referral", "timestamp": "2026-12-07T01:00:00+00:00",
     "data": {"key": "...", "agency_id": "kh-rsud", "notice": "new_referral",
              "urgent": false, "case_id": "c-...", "referral_id": "r-...",
              "text": "A new referral (health, answer due 12 Dec 2026) is waiting",
              "link": "https://.../referrals/r-...", "event_id": "..."}}
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from rujukan.runtime.notify.notices import Notice

SUBJECT_PREFIX = "[Rujukan]"


@dataclass(frozen=True, slots=True)
class Rendered:
    subject: str
    body: str
    payload: str


def delivery_key(event_id: str, recipient_id: str, channel: str) -> str:
    """The stable key of one (event, recipient, channel): the same after any restart, so
    a receiver recognises a repeat (e-mail Message-ID, webhook ``webhook-id``)."""
    digest = hashlib.sha256(f"{event_id}\n{recipient_id}\n{channel}".encode()).hexdigest()
    return f"msg_{digest[:40]}"


def render(notice: Notice, *, key: str, agency_id: str, link: str, now: datetime) -> Rendered:
    """The subject, the text and the webhook body of ``notice``."""
    urgent = "URGENT: " if notice.urgent else ""
    subject = f"{SUBJECT_PREFIX} {urgent}{notice.text}"[:200]
    lines = [
        f"{urgent}{notice.text}: {link}",
        "",
        f"Case {notice.case_id}"
        + (f", referral {notice.referral_id}" if notice.referral_id else ""),
        f"Agency {agency_id}",
    ]
    data = {
        "key": key,
        "agency_id": agency_id,
        "notice": notice.kind,
        "urgent": notice.urgent,
        "case_id": notice.case_id,
        "referral_id": notice.referral_id,
        "text": notice.text,
        "link": link,
        "event_id": notice.event_id,
    }
    payload = {"type": f"rujukan.notice.{notice.kind}", "timestamp": now.isoformat(), "data": data}
    return Rendered(subject, "\n".join(lines) + "\n", json.dumps(payload, sort_keys=True))
