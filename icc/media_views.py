"""Uploaded files served from local storage, each to those who may see it.

With a local ``MEDIA_ROOT`` (development, or production without a bucket) every file under
``MEDIA_URL`` goes through :func:`serve_media`: a file used by something published is everyone's;
any other file (a draft practice's attachment, an image only in the library, a kept upload) is
served to staff and to the coordinators of a practice that uses it, and is a 404 for everyone
else, as if it did not exist. With a bucket the same files are private objects reached through
signed URLs (``icc.storage``); see docs/operations.md, "Uploaded files".
"""

import mimetypes
import posixpath
import re

from django.apps import apps
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_safe

from .models import DocumentFile, Image

_RENDITION = re.compile(r"^renditions/(?P<pk>[0-9]{1,18})/[0-9]{1,5}w\.webp$")
# A media response is never a page: no script, no plugin, no form, even if a browser tried.
MEDIA_CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
PUBLIC_MAX_AGE = 300


def find_owner(name):
    """The Image or DocumentFile that file ``name`` belongs to (renditions included), or None."""
    if match := _RENDITION.match(name):
        return Image.objects.filter(pk=int(match["pk"])).first()
    if name.startswith("images/"):
        return Image.objects.filter(file=name).first()
    if name.startswith("documents/"):
        return DocumentFile.objects.select_related("document").filter(file=name).first()
    return None


def _users_of(target):
    """(model, field name) pairs of every relation from a publishable model to ``target``'s
    model: practices' images, a news item's image, a city's documents..."""
    for model in apps.get_models():
        if not callable(getattr(model._default_manager, "published", None)):
            continue
        for field in model._meta.get_fields():
            if (
                field.concrete
                and (field.many_to_many or field.many_to_one)
                and field.related_model is type(target)
            ):
                yield model, field.name


def is_public(owner):
    """Whether something published uses the image or document (each model's ``published()``)."""
    target = owner.document if isinstance(owner, DocumentFile) else owner
    return any(
        model._default_manager.published().filter(**{field: target}).exists()
        for model, field in _users_of(target)
    )


def may_see(user, owner):
    """Everyone sees a published item's files; staff and the practice's coordinators the rest."""
    return is_public(owner) or may_see_unpublished(user, owner)


def may_see_unpublished(user, owner):
    """Staff see every file; a coordinator the files of their cities' practices."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    practices = apps.get_model("practices", "Practice").objects.editable_by(user)
    if isinstance(owner, DocumentFile):
        return practices.filter(documents=owner.document).exists()
    return practices.filter(images=owner).exists()


def _clean_name(name):
    """The storage name, or None for anything that is not a plain relative path."""
    if not name or "\\" in name or "\0" in name or name.startswith("/"):
        return None
    return name if posixpath.normpath(name) == name else None


@require_safe
def serve_media(request, name):
    name = _clean_name(name)
    owner = find_owner(name) if name else None
    if owner is None:
        raise Http404
    public = is_public(owner)
    if not public and not may_see_unpublished(request.user, owner):
        raise Http404
    try:
        file = default_storage.open(name, "rb")
    except (OSError, SuspiciousFileOperation) as error:  # missing, a folder, a name too long
        raise Http404 from error
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    is_document = isinstance(owner, DocumentFile)
    response = FileResponse(
        file,
        content_type=content_type,
        as_attachment=is_document,
        filename=posixpath.basename(name),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = MEDIA_CONTENT_SECURITY_POLICY
    if public:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    else:
        patch_cache_control(response, private=True, no_cache=True)
        patch_vary_headers(response, ["Cookie"])
    return response
