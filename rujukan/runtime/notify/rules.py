"""The rules a notification choice is refused by (``rujukan/rules.py``: the one rule
model). None comes from a regulation: they keep an address deliverable and keep a
webhook from making the agency's server call into its own network (``docs/security.md``)."""

from rujukan.rules import catalogue, input_rule

EMAIL_ADDRESS = input_rule("email_address", None, "an e-mail channel is an e-mail address")
WEBHOOK_URL = input_rule("webhook_url", None, "a webhook is an http or https URL")
WEBHOOK_HOST = input_rule(
    "webhook_host", None, "a webhook's host is one of the agency's webhook hosts"
)
QUIET_HOURS = input_rule("quiet_hours", None, "quiet hours are a start and an end, each HH:MM")

RULES = catalogue(globals())
"""The rules of this module; the web pages say each in words (``rule.<name>``)."""
