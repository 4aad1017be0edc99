"""`make bench`: the public pages measured over HTTP, as a user deploys them.

``runner`` orchestrates a run: a throwaway PostgreSQL database filled by ``generate``,
prepared and probed by ``prepare`` (a child process on the bench settings), served by gunicorn
(``server``), driven by Locust (``load``, a child process: gevent stays out of Django), and
reported by ``report``. See docs/performance.md.
"""
