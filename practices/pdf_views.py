"""``/<lang>/practices/<slug>/pdf/``: a practice's page as a PDF to download (practices/pdf.py).

The public gets published practices only, from the PDF cache; the secretariat may also download
an unpublished practice (a preview: rendered each time, never cached, never stored by anyone).
Anything else is a 404, as for the page.
"""

from django.db import transaction
from django.db.models import prefetch_related_objects
from django.http import HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.decorators import method_decorator
from django.utils.http import content_disposition_header, parse_etags
from django.views import View

from icc.ratelimits import download_limit
from icc.views import PREVIEW_CACHE_CONTROL

from .models import Practice
from .pdf import practice_pdf, practice_pdf_content, practice_pdf_prefetches, render_practice_pdf
from .services import user_is_secretariat


@method_decorator(transaction.non_atomic_requests, name="dispatch")
@method_decorator(download_limit, name="dispatch")
class PracticePdfView(View):
    http_method_names = ["get", "head", "options"]

    def get(self, request, slug):
        preview = user_is_secretariat(request.user)
        queryset = Practice.objects.all() if preview else Practice.objects.published()
        practice = get_object_or_404(queryset, slug=slug)
        preview = preview and practice.status != Practice.Status.PUBLISHED
        prefetch_related_objects([practice], *practice_pdf_prefetches())
        content = practice_pdf_content(practice, translation.get_language())

        if preview:
            response = pdf_response(render_practice_pdf(content), content)
            add_never_cache_headers(response)
            patch_cache_control(response, **PREVIEW_CACHE_CONTROL)
            return response

        etag = f'"{content.digest}"'
        if matches(request.headers.get("If-None-Match", ""), etag):
            response = HttpResponseNotModified()
            response.headers["ETag"] = etag
            return response
        response = pdf_response(practice_pdf(content), content)
        response.headers["ETag"] = etag
        # Anyone may keep it but must ask again each time (the ETag answers with a 304);
        # "no-cache" also keeps it out of the page cache (icc.caching.middleware), which would
        # hold the bytes a second time, under each generation.
        patch_cache_control(response, public=True, no_cache=True)
        return response


def pdf_response(data, content):
    response = HttpResponse(data, content_type="application/pdf")
    response.headers["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=content.filename
    )
    response.headers["Content-Language"] = content.language
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def matches(if_none_match, etag):
    """Whether an ``If-None-Match`` header names ``etag`` (weak comparison, RFC 9110 13.1.2)."""
    tags = {tag.removeprefix("W/") for tag in parse_etags(if_none_match)}
    return "*" in tags or etag in tags
