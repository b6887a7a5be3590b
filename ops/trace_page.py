"""The auditor's trace as a page (``rujukan trace CASE --html FILE``): the same joined
timeline as the command prints, one row per record, the disagreements first. Ids and
administrative facts only, as the agencies gave them; every value is escaped."""

from __future__ import annotations

from jinja2 import Environment, select_autoescape

from rujukan.runtime.case_trace import Timeline

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Trace {{ t.case_id }}</title>
<style>
body { font: 15px/1.4 system-ui, sans-serif; margin: 0.75rem; color: #1d2428; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 0.3rem 0.4rem; border-bottom: 1px solid #d7dee2;
  vertical-align: top; overflow-wrap: anywhere; }
.disagree { background: #fbe3e1; padding: 0.5rem 0.75rem; border-radius: 0.4rem; }
.agree { background: #dff3e4; padding: 0.5rem 0.75rem; border-radius: 0.4rem; }
code { font-size: 0.85em; }
</style>
</head>
<body>
<h1>Trace of case {{ t.case_id }}</h1>
<p>Records of the hub and of {{ t.asked | join(", ") or "no agency" }}.</p>
{% if t.disagreements %}
<div class="disagree" role="alert"><strong>The records disagree</strong><ul>
{% for d in t.disagreements %}<li data-disagreement="{{ d.kind }}">{{ d.kind }}: {{ d.agency_id }}
  {{ d.referral_id }} {{ d.event }} {{ d.key or "" }}</li>{% endfor %}
</ul></div>
{% else %}<p class="agree">The hub's and the agencies' records agree.</p>{% endif %}
<table>
<thead><tr><th>Time (UTC)</th><th>Agency</th><th>Actor</th><th>Event</th><th>Referral</th>
<th>Trace id</th><th>Detail</th></tr></thead>
<tbody>
{% for e in t.lines %}<tr><td>{{ e.at.strftime("%Y-%m-%d %H:%M:%S") }}</td>
<td>{{ e.agency_id }}</td><td>{{ e.actor_role }}</td><td>{{ e.event }}</td>
<td>{{ e.referral_id or "" }}</td>
<td><code>{{ e.trace_id or "" }}</code></td><td>{{ e.detail }}</td></tr>
{% endfor %}
</tbody>
</table>
</body>
</html>
"""


def page(timeline: Timeline) -> str:
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    return env.from_string(_PAGE).render(t=timeline)
