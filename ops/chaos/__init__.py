"""``rujukan chaos``: referrals through the whole network while processes are killed,
the broker loses everything, poison events arrive and deliveries are duplicated; then
count, from the databases, what was lost or duplicated."""
