"""When each language of a translated field was last written (one row per item, field, language)."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class FieldStamp(models.Model):
    """``field`` of the item, in ``language``, was last written at ``written_at``.

    ``field`` is the field's name without a language (``title``, not ``title_fr``). Written by
    the receivers of ``icc.translation_status.stamps`` on every save that changes the text, and
    by its functions for bulk writes; read by ``icc.translation_status.status``.
    """

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("content type")
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    field = models.CharField(_("field"), max_length=100)
    language = models.CharField(_("language"), max_length=15)
    written_at = models.DateTimeField(_("written at"))

    class Meta:
        verbose_name = _("translation stamp")
        verbose_name_plural = _("translation stamps")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "language"],
                name="translation_stamp_unique",
            )
        ]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id} {self.field}_{self.language} {self.written_at}"
