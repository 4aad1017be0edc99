"""The media bucket in production: private objects, signed URLs, safe response headers.

Every object is private (``default_acl="private"``) and every URL the site writes is signed
(``querystring_auth=True``) for ``AWS_QUERYSTRING_EXPIRE`` seconds, longer than a page can be
kept by the page cache and the memos (icc/caching/), so a link in a cached page still works.
S3 cannot add response headers of its own choosing, so each object carries the two that matter
as metadata: its ``Content-Type``, and for documents ``Content-Disposition: attachment`` so a
browser downloads them instead of opening them in the site's origin.
"""

import mimetypes
import posixpath

from django.utils.http import content_disposition_header
from storages.backends.s3 import S3Storage

DOCUMENT_PREFIXES = ("documents/", "pending-uploads/")


def object_headers(name):
    """The response headers stored with object ``name``, as S3 upload parameters."""
    parameters = {
        "ContentType": mimetypes.guess_type(name)[0] or "application/octet-stream",
        "CacheControl": "private, max-age=3600",
    }
    if name.startswith(DOCUMENT_PREFIXES):
        parameters["ContentDisposition"] = content_disposition_header(
            True, posixpath.basename(name)
        )
    return parameters


class MediaStorage(S3Storage):
    def get_object_parameters(self, name):
        return {**object_headers(name), **super().get_object_parameters(name)}
