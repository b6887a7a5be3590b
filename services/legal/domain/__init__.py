"""The legal service's own rules and views, pure."""
