"""Account e-mails: a new coordinator receives a link to choose their password."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from icc.tasks.queue import enqueue, retry_on_failure


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
    """E-mail ``user``, in their language, a link to set their password and sign in.

    The message is written and sent by a background task (retried if the mail server fails).
    """
    return enqueue(welcome_email, user.pk)


@task(takes_context=True)
@retry_on_failure
def welcome_email(context, user_id):
    """Write and send the welcome e-mail of user ``user_id`` (a fresh link, their language)."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return {"sent": 0}
    with translation.override(user.preferred_language):
        values = {
            "user": user,
            "set_password_url": password_set_url(user),
            "cities": list(user.coordinated_cities.all()),
            "site_url": settings.SITE_URL,
        }
        subject = render_to_string("registration/welcome_email_subject.txt", values)
        body = render_to_string("registration/welcome_email_body.txt", values)
    return {"sent": send_mail(" ".join(subject.split()), body, None, [user.email])}
