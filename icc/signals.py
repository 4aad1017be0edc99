"""Signal receivers shared by the apps (search indexing is wired in icc.search)."""
