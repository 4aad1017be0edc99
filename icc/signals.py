"""Signal receivers shared by the apps: the site search index and image renditions.

Every save re-decides whether the item is public (its model's ``published()`` queryset) and
writes or removes its search rows; a deletion removes them. Bulk writes that bypass signals
(``QuerySet.update``, ``bulk_create``, ``loaddata``) are followed by ``rebuild_search_index``.
"""

from django.db.models.signals import post_delete, post_init, post_save
from django.dispatch import receiver

from . import renditions, search
from .models import Image


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


# --- Image renditions -------------------------------------------------------------------------


@receiver(post_init, sender=Image, dispatch_uid="icc_image_remember_file")
def remember_image_file(sender, instance, **kwargs):
    # Read the raw value: touching a deferred field here would reload the row, and recurse.
    raw = instance.__dict__.get("file")
    instance._loaded_file_name = getattr(raw, "name", raw) or ""


@receiver(post_save, sender=Image, dispatch_uid="icc_image_renditions")
def make_image_renditions(sender, instance, created, raw=False, **kwargs):
    # Only for a new file: editing the alternative text or the credit keeps the renditions.
    if raw or not instance.file:
        return
    if created or instance.file.name != instance._loaded_file_name:
        renditions.create_renditions(instance)
        instance._loaded_file_name = instance.file.name


@receiver(post_delete, sender=Image, dispatch_uid="icc_image_renditions_delete")
def remove_image_renditions(sender, instance, **kwargs):
    renditions.delete_renditions(instance)
