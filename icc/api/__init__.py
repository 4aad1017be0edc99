"""The public read-only API, version 1, at ``/api/v1/`` (Django REST Framework).

- ``views.py``: one read-only viewset per kind of content, each starting from ``published()``
  and filtered by the listing's own FilterSet (``filters.py``), so a filtered list holds the
  items of the listing page with the same query string;
- ``languages.py``: the language of an answer (``?lang=``, else ``Accept-Language``) and the
  translated texts with their fallback marked;
- ``pagination.py``: cursor (keyset) pagination in the listing's own order;
- ``serializers.py``, ``schema.py`` (OpenAPI 3 by drf-spectacular), ``throttling.py`` (the rate
  limit of ``icc.ratelimits``), ``errors.py`` (JSON errors);
- ``docs_views.py``: the human-readable guide at ``/<language>/api/``.

See docs/api.md.
"""
