"""Open data: every public listing as CSV and JSON downloads of exactly what it shows.

A download reads the listing's own querysets (``FacetedListView.listing_runs()``, the search
page's ``SearchView.search_results()``), so its items, filters and order are the page's, all
pages at once. Columns are declared per listing (``<app>/downloads.py``, ``icc/opendata/search.py``)
and documented in docs/open-data.md; rows are streamed chunk by chunk (``streaming.py``).
"""
