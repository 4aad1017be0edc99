"""Signal receivers shared by the apps: the site search index and image renditions.

Every save re-decides whether the item is public (its model's ``published()`` queryset) and
writes or removes its search rows; a deletion removes them. Inside ``bulk_indexing()`` (admin
bulk actions, imports) saves are only noted, and one background task re-indexes them. Bulk
writes that bypass signals (``QuerySet.update``, ``bulk_create``, ``loaddata``) are followed by
``rebuild_search_index``.

A new image file gets its renditions from a background task (icc.tasks.images); until then
the image records none ready, so pages offer no srcset.
"""

from django.db.models.signals import post_delete, post_init, post_save, pre_save
from django.dispatch import receiver
from django_tasks import TaskResultStatus

from . import renditions, search
from .models import Image
from .tasks import images as image_tasks
from .tasks.indexing import defer_indexing
from .tasks.queue import enqueue


def index_saved_item(sender, instance, raw=False, **kwargs):
    # A raw save (loaddata) may come before the rows it depends on: the rebuild command follows.
    if raw or defer_indexing(instance):
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


def _new_file(image, created):
    return bool(image.file) and (created or image.file.name != image._loaded_file_name)


@receiver(pre_save, sender=Image, dispatch_uid="icc_image_renditions_reset")
def forget_old_renditions(sender, instance, raw=False, **kwargs):
    # A new file: the renditions on disk show the old picture until the task rewrites them.
    if not raw and _new_file(instance, instance._state.adding):
        instance.rendition_widths = []


@receiver(post_save, sender=Image, dispatch_uid="icc_image_renditions")
def make_image_renditions(sender, instance, created, raw=False, update_fields=None, **kwargs):
    # Only for a new file: editing the alternative text or the credit keeps the renditions.
    if raw or not _new_file(instance, created):
        return
    if update_fields is not None and "rendition_widths" not in update_fields:
        Image.objects.filter(pk=instance.pk).update(rendition_widths=[])
    instance._loaded_file_name = instance.file.name
    result = enqueue(image_tasks.make_image_renditions, instance.pk, instance.file.name)
    if result is not None and result.status == TaskResultStatus.SUCCESSFUL:
        # Run already (the immediate backend): this instance shows what it wrote.
        instance.rendition_widths = result.return_value["widths"]


@receiver(post_delete, sender=Image, dispatch_uid="icc_image_renditions_delete")
def remove_image_renditions(sender, instance, **kwargs):
    renditions.delete_renditions(instance)
