"""The map of member cities and the network in figures (charts with their data tables)."""
