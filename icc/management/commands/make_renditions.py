"""Write the WebP renditions of every image again (after changing the widths, say)."""

from django.core.management.base import BaseCommand

from icc.models import Image
from icc.renditions import refresh_renditions


class Command(BaseCommand):
    help = (
        "Write the smaller WebP copies of every uploaded image, here and now rather than in a "
        "task worker, and record them on each image (idempotent)."
    )

    def handle(self, *args, **options):
        images = written = missing = 0
        for image in Image.objects.order_by("pk").iterator():
            images += 1
            try:
                written += len(refresh_renditions(image))
            except FileNotFoundError:
                missing += 1
                self.stderr.write(f"Image {image.pk}: file {image.file.name} not found, skipped.")
        self.stdout.write(
            f"Images: {images}; renditions written: {written}; files missing: {missing}."
        )
