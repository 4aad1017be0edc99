"""The image renditions task: WebP copies made by a worker, not in the upload's request."""

from django_tasks import task

from icc import renditions

from .queue import retry_on_failure


@task(takes_context=True)
@retry_on_failure
def make_image_renditions(context, image_id, file_name):
    """Write the renditions of image ``image_id`` if its file is still ``file_name``."""
    from icc.models import Image

    image = Image.objects.filter(pk=image_id).first()
    if image is None or image.file.name != file_name:
        # Deleted, or given another file since: that file's own task does the work.
        return {"image": image_id, "widths": [], "skipped": True}
    return {"image": image_id, "widths": renditions.refresh_renditions(image)}
