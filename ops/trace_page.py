"""The auditor's trace as a page (``rujukan trace CASE --html FILE``): the same joined
timeline as the command prints, drawn by the same template as the hub's auditor page
(``services/intake/web/templates/_trace.html``), in one self-contained file with the
shared style sheet inlined. Ids and administrative facts only; every value is escaped."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from markupsafe import Markup

from rujukan.runtime.case_trace import Timeline
from services.intake.web import audit
from services.intake.web.pages import Renderer, static_file

_PAGE = """<!doctype html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ t("audit.case", case_id=timeline.case_id) }}</title>
<style>{{ style }}</style>
</head>
<body>
<main id="main">
{% include "_trace.html" %}
</main>
</body>
</html>
"""


def page(timeline: Timeline, language: str = "en") -> str:
    """The page in ``language`` (``en`` or ``id``)."""
    renderer = Renderer(ZoneInfo("UTC"), app=audit.PATH)  # a trace line's time is UTC
    style = Markup(static_file("app.css").decode())  # the network's own style sheet
    template = renderer.env.from_string(_PAGE)
    return template.render(
        t=renderer.translator(language),
        when=renderer.when,
        lang=language,
        timeline=timeline,
        style=style,
    )
