"""The district's report: its agencies' protected sections fetched over their APIs
(`collect`) and written as CSV, JSON, HTML or PDF (`formats`)."""
