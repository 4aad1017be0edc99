"""Querysets of the API that no app holds: the documents in public use."""

import functools
import operator

from django.apps import apps
from django.db.models import Exists, OuterRef

from icc.models import Document


def document_users():
    """(model, field name) of every publishable model's relation to ``Document``."""
    for model in apps.get_models():
        if not callable(getattr(model._default_manager, "published", None)):
            continue
        for field in model._meta.get_fields():
            relation = field.concrete and (field.many_to_many or field.many_to_one)
            if relation and field.related_model is Document:
                yield model, field.name


def public_documents():
    """Documents that a published item uses: the queryset twin of ``icc.media_views.is_public``
    (so every file the API links to is one the media view serves to everyone)."""
    conditions = [
        Exists(model._default_manager.published().filter(**{field: OuterRef("pk")}))
        for model, field in document_users()
    ]
    if not conditions:
        return Document.objects.none()
    return Document.objects.filter(functools.reduce(operator.or_, conditions))
