"""Writing to a practice's contact: the form, its spam checks, the e-mail and the copy kept.

The contact's address is read only here, on the server, to address the e-mail: no page, API
answer, download, feed or form ever holds it. Visitors write through a form that needs no
third-party service to keep spam out:

- a trap field (``website``) that people never see (its block is ``hidden``) and robots fill:
  such a message is answered as if sent, and neither sent nor kept;
- a signed token with the time the form was shown: sent too fast (a robot) or too late (a
  token harvested long ago), the form comes back with the text as written and a new token;
- a content check: a few links at most in the message, none in the name;
- rate limits per address and per practice (``settings.RATE_LIMITS``: ``contact``,
  ``contact-practice``; practices.contact_views).

The e-mail goes through the task queue, in the language of the page the visitor wrote from,
to the contact only, with ``Reply-To`` the visitor; a copy (``ContactMessage``) stays for the
secretariat (admin, read-only).
"""

import re
import time
import unicodedata
from email.utils import formataddr

from django import forms
from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy
from django_tasks import task

from icc.tasks.queue import enqueue, retry_on_failure

from .models import ContactMessage

TOKEN_SALT = "practices.contact.form-token"
# A person needs more than a few seconds to write a message; a robot posts at once.
MIN_SECONDS = 3
# A token lives long enough for a long message, not for a robot's stock of harvested forms.
MAX_SECONDS = 2 * 60 * 60
MAX_LINKS = 2
MESSAGE_MIN_LENGTH = 20
MESSAGE_MAX_LENGTH = 5000
TRAP_FIELD = "website"

LINK = re.compile(r"https?://|www\.|\[url|<a\s|\S+\.(?:com|net|ru|xyz|top|info|biz)/", re.I)


def min_seconds():
    return getattr(settings, "CONTACT_FORM_MIN_SECONDS", MIN_SECONDS)


def max_seconds():
    return getattr(settings, "CONTACT_FORM_MAX_SECONDS", MAX_SECONDS)


def form_token(practice):
    """A token signing the practice and the time the form is shown."""
    return signing.dumps({"practice": practice.pk, "shown": time.time()}, salt=TOKEN_SALT)


def token_problem(token, practice):
    """Why ``token`` is refused for ``practice`` ("invalid", "too_fast", "too_old"), or None."""
    try:
        value = signing.loads(token or "", salt=TOKEN_SALT)
        shown = float(value["shown"])
        if value["practice"] != practice.pk:
            return "invalid"
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return "invalid"
    age = time.time() - shown
    if age < min_seconds():
        return "too_fast"
    if age > max_seconds():
        return "too_old"
    return None


def count_links(text):
    return len(LINK.findall(text or ""))


def without_control_characters(text):
    """``text`` on one line: no line breaks or other control characters (a header's name)."""
    return " ".join(
        "".join(" " if unicodedata.category(char)[0] == "C" else char for char in text).split()
    )


TOKEN_ERRORS = {
    "invalid": _(
        "We could not check this form. Your message is still below: please send it again."
    ),
    "too_fast": _(
        "This form was sent very quickly after the page opened, as robots do. If you are not one, "
        "please check your message below and send it again."
    ),
    "too_old": _(
        "This form was open for a long time and has expired. Your message is still below: "
        "please send it again."
    ),
}


class ContactForm(forms.Form):
    """What a visitor writes to a practice's contact; checked on the server only."""

    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("The contact will answer you at this address."),
    )
    message = forms.CharField(
        label=_("Your message"),
        min_length=MESSAGE_MIN_LENGTH,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    # The trap: people never see it (its block is hidden); robots fill every field they find.
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, practice, **kwargs):
        super().__init__(*args, **kwargs)
        self.practice = practice
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["message"].help_text = ngettext(
            "At least %(minimum)d characters, at most %(count)d link.",
            "At least %(minimum)d characters, at most %(count)d links.",
            MAX_LINKS,
        ) % {"minimum": MESSAGE_MIN_LENGTH, "count": MAX_LINKS}
        self.fields[TRAP_FIELD].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def trap_is_filled(self):
        """Whether the hidden field was filled: a robot, answered as if its message was sent."""
        return bool(self.is_bound and (self.data.get(TRAP_FIELD) or "").strip())

    def clean_name(self):
        name = without_control_characters(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(_("Write your name."), code="required")
        if count_links(name):
            raise forms.ValidationError(_("Write your name without links."), code="link_in_name")
        return name

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if count_links(message) > MAX_LINKS:
            raise forms.ValidationError(
                ngettext_lazy(
                    "Please write at most %(count)d link in your message.",
                    "Please write at most %(count)d links in your message.",
                    MAX_LINKS,
                ),
                code="too_many_links",
                params={"count": MAX_LINKS},
            )
        return message

    def clean(self):
        cleaned = super().clean()
        problem = token_problem(self.data.get("token"), self.practice)
        if problem:
            self.token_problem = problem
            raise forms.ValidationError(TOKEN_ERRORS[problem], code=f"token_{problem}")
        self.token_problem = None
        return cleaned


def contact_message_send(*, practice, name, email, message, language):
    """Keep a copy of the message and e-mail it to ``practice``'s contact; return the copy.

    The e-mail is a task enqueued with the transaction: it is sent only if the copy is saved.
    """
    copy = ContactMessage.objects.create(
        practice=practice,
        practice_title=str(practice)[:300],
        sender_name=name,
        sender_email=email,
        message=message,
        language=language,
        recipient_email=practice.contact_email,
    )
    enqueue(send_contact_message, copy.pk)
    return copy


@task(takes_context=True)
@retry_on_failure
def send_contact_message(context, message_id):
    """E-mail a kept message to the contact, in the language the visitor wrote in.

    Only the id travels in the queue: the addresses stay in the database.
    """
    copy = ContactMessage.objects.select_related("practice").filter(pk=message_id).first()
    if copy is None or copy.sent_at is not None:  # deleted since, or sent by an earlier attempt
        return {"sent": 0}
    with translation.override(copy.language):
        values = {
            "message": copy,
            "practice": copy.practice,
            "practice_title": copy.practice_title,
            "site_url": settings.SITE_URL,
        }
        subject = render_to_string("practices/email/contact_subject.txt", values)
        body = render_to_string("practices/email/contact_body.txt", values)
    email = EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        to=[copy.recipient_email],
        reply_to=[formataddr((copy.sender_name, copy.sender_email))],
    )
    sent = email.send()
    ContactMessage.objects.filter(pk=copy.pk).update(sent_at=timezone.now())
    return {"sent": sent}
