"""Signal receivers shared by the apps: keep the site search index up to date.

Every save re-decides whether the item is public (its model's ``published()`` queryset) and
writes or removes its search rows; a deletion removes them. Bulk writes that bypass signals
(``QuerySet.update``, ``bulk_create``, ``loaddata``) are followed by ``rebuild_search_index``.
"""

from django.db.models.signals import post_delete, post_save

from . import search


def index_saved_item(sender, instance, raw=False, **kwargs):
    # A raw save (loaddata) may come before the rows it depends on: the rebuild command follows.
    if raw:
        return
    search.index_object(instance)


def unindex_deleted_item(sender, instance, **kwargs):
    search.remove_object(instance)


for _indexed in search.indexed_models():
    post_save.connect(
        index_saved_item, sender=_indexed.model, dispatch_uid=f"search-index-{_indexed.kind}"
    )
    post_delete.connect(
        unindex_deleted_item, sender=_indexed.model, dispatch_uid=f"search-unindex-{_indexed.kind}"
    )
