"""The shared page cache: what is cached, for whom, and what invalidates it, in one place.

- ``versions``: the content generation (one value in the shared cache) and the release digest.
- ``invalidation``: every change to public content starts a new generation.
- ``middleware``: serves and stores anonymous pages, adds ETag/Last-Modified/Cache-Control,
  answers 304s, and compresses responses (gzip, Brotli).

See docs/architecture.md, "Caching".
"""
