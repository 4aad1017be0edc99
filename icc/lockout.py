"""What django-axes records of a sign-in attempt (settings: AXES_USERNAME_CALLABLE)."""

from axes.models import AccessAttempt
from django.conf import settings

USERNAME_MAX_LENGTH = AccessAttempt._meta.get_field("username").max_length


def lockout_username(request, credentials=None):
    """The username an attempt is counted and stored under: as sent, cut to what axes can store.

    Django's sign-in form does not enforce the username's length, so anything reaches axes;
    a longer value would overflow its column (a 500 on PostgreSQL). No account's username
    is that long (the user model allows 150 characters), so cutting never merges a real
    account's attempts with another's.
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        username = credentials.get(field)
    else:
        username = getattr(request, "POST", {}).get(field) if request is not None else None
    if not isinstance(username, str):
        return username
    # PostgreSQL refuses NUL in text; Django's form refuses it too, but axes may see it first.
    return username.replace("\x00", "")[:USERNAME_MAX_LENGTH]
