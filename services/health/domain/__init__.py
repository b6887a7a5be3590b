"""Health's own rules, pure: what the RSUD and the puskesmas add to the desk."""
