"""Re-indexing the site search after bulk changes, in a task.

Inside ``bulk_indexing()`` (admin bulk actions, imports) the search signal receivers only note
which items were saved; when the block ends, one task re-indexes them all in a few queries per
batch (``icc.search.index_objects``), after the transaction commits.
"""

import contextlib
import io
import threading

from django.apps import apps
from django.core.management import call_command
from django_tasks import task

from icc import search
from icc.caching.invalidation import bump_after_commit

from .queue import enqueue, retry_on_failure

_pending = threading.local()


def deferring():
    """The ``{model label: set of pks}`` being collected by ``bulk_indexing()``, or None."""
    return getattr(_pending, "items", None)


@contextlib.contextmanager
def bulk_indexing():
    """Collect the items saved in the block and re-index them in one task afterwards."""
    if deferring() is not None:  # nested: the outer block enqueues
        yield
        return
    _pending.items = {}
    try:
        yield
        items, _pending.items = _pending.items, None
        for label, pks in items.items():
            enqueue(reindex_items, label, sorted(pks))
    finally:
        _pending.items = None


def defer_indexing(obj):
    """Note ``obj`` for the current ``bulk_indexing()`` block; False when there is none."""
    items = deferring()
    if items is None:
        return False
    items.setdefault(obj._meta.label, set()).add(obj.pk)
    return True


@task(takes_context=True)
@retry_on_failure
def reindex_items(context, model_label, pks):
    """Bring the search rows of these items up to date (written if public, removed if not)."""
    model = apps.get_model(model_label)
    indexed, removed = search.index_objects(model._default_manager.filter(pk__in=pks))
    # The rows are written in bulk (no signals): memoized search results must go too.
    bump_after_commit()
    return {"model": model_label, "indexed": indexed, "removed": removed}


@task(takes_context=True)
@retry_on_failure
def rebuild_search_index(context):
    """Rebuild the whole search index (``manage.py rebuild_search_index --async``)."""
    output = io.StringIO()
    call_command("rebuild_search_index", stdout=output)
    return {"report": output.getvalue().strip().splitlines()[-1:]}
