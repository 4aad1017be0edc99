"""Derived data (facet counts, result counts, related items) kept in the shared cache.

A memo is valid for one content generation and one day (see ``icc.caching.versions``): any
change to public content starts a new generation, and the day is part of every entry because
some rules depend on it (upcoming events, ongoing practices, dated news). So a memo is never
stale, whichever app process computed it, and nothing has to delete it: a new generation
simply stops reading the old entries, which expire after ``MEMO_TIMEOUT``.

Entries of another release (other code or templates) are never read either.

The key is a digest of the namespace and the parts, so any picklable parts will do (a path,
a language, the sorted filter values).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from .versions import current_generation, release

MEMO_TIMEOUT = getattr(settings, "MEMO_TIMEOUT", 60 * 60 * 6)


def memo_key(namespace, parts):
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    return f"memo:{namespace}:{digest}"


def _stamp():
    """What a memo must match to be read: generation, day and release."""
    return (current_generation(), timezone.localdate().isoformat(), release())


def memoize(namespace, parts, compute, timeout=None):
    """``compute()``, or its value for the same parts in this generation and day."""
    key = memo_key(namespace, parts)
    stamp = _stamp()
    entry = cache.get(key)
    if entry is not None and entry[0] == stamp:
        return entry[1]
    value = compute()
    cache.set(key, (stamp, value), MEMO_TIMEOUT if timeout is None else timeout)
    return value


def memoize_many(namespace, parts_list, compute_missing, timeout=None):
    """Like ``memoize`` for many values in two round trips: ``[value, ...]`` in order.

    ``compute_missing(indexes)`` returns the values of the parts at those indexes.
    """
    keys = [memo_key(namespace, parts) for parts in parts_list]
    stamp = _stamp()
    found = cache.get_many(keys)
    values, missing = [], []
    for index, key in enumerate(keys):
        entry = found.get(key)
        if entry is not None and entry[0] == stamp:
            values.append(entry[1])
        else:
            values.append(None)
            missing.append(index)
    if missing:
        computed = compute_missing(missing)
        for index, value in zip(missing, computed, strict=True):
            values[index] = value
        cache.set_many(
            {keys[index]: (stamp, values[index]) for index in missing},
            MEMO_TIMEOUT if timeout is None else timeout,
        )
    return values
