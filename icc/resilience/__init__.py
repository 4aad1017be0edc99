"""Surviving the failure of what the site depends on: PostgreSQL and Redis.

- ``breaker``: a circuit breaker, shared by the threads of one process: after a failure the
  failing service is not called for a while, then tried again once.
- ``throttle``: log lines about a failure at most once a minute, with a count of the others.
- ``cache``: the Redis cache backend behind that breaker: with Redis down or stalled the cache
  is empty (reads miss, writes are dropped) and costs nothing.
- ``middleware``: a request whose database connection fails is retried once (idempotent
  methods) and otherwise answered with a bilingual 503 page and ``Retry-After``.

See docs/operations.md, "When PostgreSQL or Redis fails".
"""
