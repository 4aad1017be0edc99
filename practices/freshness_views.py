"""The page of the yearly check's link: a coordinator says whether a practice still runs.

The signed link is the only credential: no sign-in. A GET only shows the question, since mail
scanners and link previews open links; the answer is a POST (with the CSRF cookie the GET
set). Nothing here is cached: every answer is ``never_cache`` and private to its link.
"""

from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cities.models import City

from .freshness import (
    ENDED,
    LINK_MAX_AGE,
    RUNNING,
    practice_confirm_running,
    practice_mark_ended,
    read_check_token,
)
from .models import Practice

ANSWERS = {RUNNING: practice_confirm_running, ENDED: practice_mark_ended}


class CheckLinkError(Exception):
    """The link cannot be used; ``reason`` is a key of ``link_problems()``."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def link_problems():
    """``{reason: (status, title, explanation)}`` of a link that cannot be used."""
    return {
        "invalid": (
            400,
            _("This link is not valid"),
            _(
                "The address may have been cut or changed on its way. Open the link from the "
                "e-mail again, or copy the whole of it into your browser."
            ),
        ),
        "expired": (
            403,
            _("This link has expired"),
            _(
                "The links of the yearly check work for %(days)d days. You will receive a new "
                "one; you can also sign in to your workspace or write to the secretariat."
            )
            % {"days": LINK_MAX_AGE.days},
        ),
        "unpublished": (
            404,
            _("This practice is no longer published"),
            _(
                "There is nothing to confirm: the practice was unpublished or deleted after "
                "the e-mail was sent."
            ),
        ),
        "not_coordinator": (
            403,
            _("This link is no longer yours to use"),
            _(
                "It was sent to a coordinator of the practice's city, who no longer is one. "
                "Please write to the secretariat if this is a mistake."
            ),
        ),
    }


def resolve_link(token):
    """``(practice, user)`` named by a valid link; raises ``CheckLinkError`` otherwise."""
    try:
        practice_id, user_id = read_check_token(token)
    except signing.SignatureExpired as error:
        raise CheckLinkError("expired") from error
    except signing.BadSignature as error:
        raise CheckLinkError("invalid") from error
    practice = (
        Practice.objects.published()
        .prefetch_related(Prefetch("cities", queryset=City.objects.order_by("name")))
        .filter(pk=practice_id)
        .first()
    )
    if practice is None:
        raise CheckLinkError("unpublished")
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not practice.is_coordinated_by(user):
        raise CheckLinkError("not_coordinator")
    return practice, user


def private_page(response):
    # The token in the address must not travel to other sites, nor the page be indexed.
    # ("no-referrer" would also make the browser post the answer with "Origin: null", which
    # Django's CSRF check refuses.)
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def problem_page(request, reason):
    status, title, explanation = link_problems()[reason]
    context = {"problem": reason, "title": title, "explanation": explanation}
    return private_page(render(request, "practices/freshness_done.html", context, status=status))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def check_view(request, token):
    """GET: the question and its two answers; POST: apply the answer, then the done page."""
    try:
        practice, user = resolve_link(token)
    except CheckLinkError as error:
        return problem_page(request, error.reason)
    done_url = reverse("practices:freshness_done", kwargs={"token": token})
    error = ""
    status = 200
    if request.method == "POST":
        if practice.is_ended:
            return see_other(done_url)
        answer = ANSWERS.get(request.POST.get("answer", ""))
        if answer is not None:
            try:
                answer(practice=practice, user=user)
            except ValidationError:
                pass  # ended or unpublished meanwhile: the done page tells how it stands
            except PermissionDenied:
                return problem_page(request, "not_coordinator")
            return see_other(done_url)
        error = _("Please choose one of the two answers.")
        status = 400
    context = {"practice": practice, "link_user": user, "error": error}
    return private_page(render(request, "practices/freshness_confirm.html", context, status=status))


@never_cache
@require_http_methods(["GET", "HEAD"])
def done_view(request, token):
    """How the practice stands after the answer (or at any later visit of the link)."""
    try:
        practice, user = resolve_link(token)
    except CheckLinkError as error:
        return problem_page(request, error.reason)
    context = {
        "practice": practice,
        "link_user": user,
        "check_url": reverse("practices:freshness_check", kwargs={"token": token}),
        "checked_today": practice.last_checked == timezone.localdate(),
    }
    return private_page(render(request, "practices/freshness_done.html", context))


def see_other(url):
    """A 303: the browser GETs the page after the POST (reloading does not post again)."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response
