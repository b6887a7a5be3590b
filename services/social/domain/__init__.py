"""Social affairs' own rules, pure: what Dinas Sosial adds to the desk."""
