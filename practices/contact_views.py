"""The form to write to a practice's contact, and the page that says the message is sent.

Only for a published practice whose contact is shown and has an address (``accepts_messages``):
a 404 otherwise. Never cached (``never_cache``; the form's CSRF cookie keeps it out of the page
cache too). The checks are in practices.contact; the rate limits count each form sent, per
address and per practice, before anything is read (``settings.RATE_LIMITS``).
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from icc.account_views import form_error_summary
from icc.ratelimits import rate_limit

from .contact import ContactForm, contact_message_send, form_token
from .models import Practice


def practice_key(request):
    """What the per-practice limit counts: the practice written to, whatever the language."""
    return "practice:" + str(request.resolver_match.kwargs.get("slug", ""))


def _practice_accepting_messages(slug):
    practice = get_object_or_404(Practice.objects.published(), slug=slug)
    if not practice.accepts_messages:
        raise Http404("This practice shows no contact.")
    return practice


@never_cache
@require_http_methods(["GET", "POST"])
@rate_limit("contact", method="POST")
@rate_limit("contact-practice", key=practice_key, method="POST")
def practice_contact(request, slug):
    practice = _practice_accepting_messages(slug)
    form = ContactForm(request.POST if request.method == "POST" else None, practice=practice)
    if request.method == "POST":
        if form.trap_is_filled():
            # A robot: told that it worked, so it learns nothing; nothing is sent or kept.
            return redirect("practices:practice_contact_sent", slug=practice.slug)
        if form.is_valid():
            contact_message_send(
                practice=practice,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                message=form.cleaned_data["message"],
                language=translation.get_language(),
            )
            return redirect("practices:practice_contact_sent", slug=practice.slug)
    # Shown again after an error with everything the visitor wrote, and a new token.
    return render(
        request,
        "practices/contact_form.html",
        {
            "practice": practice,
            "form": form,
            "token": form_token(practice),
            "error_summary": form_error_summary(form),
        },
    )


@never_cache
@require_GET
def practice_contact_sent(request, slug):
    practice = _practice_accepting_messages(slug)
    return render(request, "practices/contact_sent.html", {"practice": practice})
