"""``rujukan demo``: two scripted cases driven through the running local network over its
public HTTP APIs, with each referral's timeline printed as the hub records it.

``script`` holds the cases as data, ``timeline`` turns the hub's case view into printed
lines (pure), ``runner`` does the HTTP: the companion at the hub, the staff at each
agency's referral desk.
"""
