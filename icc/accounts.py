"""Account e-mails: a new coordinator receives a link to choose their password."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


def password_set_url(user):
    """An absolute, single-use link for ``user`` to set their password (Django's reset token)."""
    with translation.override(user.preferred_language):
        path = reverse(
            "accounts:password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
    return f"{settings.SITE_URL}{path}"


def send_welcome_email(*, user):
    """E-mail ``user``, in their language, a link to set their password and sign in."""
    with translation.override(user.preferred_language):
        context = {
            "user": user,
            "set_password_url": password_set_url(user),
            "cities": list(user.coordinated_cities.all()),
            "site_url": settings.SITE_URL,
        }
        subject = render_to_string("registration/welcome_email_subject.txt", context)
        body = render_to_string("registration/welcome_email_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [user.email])
