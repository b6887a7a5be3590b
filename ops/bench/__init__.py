"""``rujukan bench``: the network's speed and memory, each figure printed next to a
baseline measured in the same run on the same broker and database."""
