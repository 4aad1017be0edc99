"""``{% translation_status_box %}``: the admin index's count of items to translate."""

from django import template
from django.urls import reverse

from icc.translation_status import status

register = template.Library()


@register.inclusion_tag("translation_status/includes/index_box.html", takes_context=True)
def translation_status_box(context):
    """Nothing for users who may translate nothing; else the memoised count and a link."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not status.models_for(user):
        return {"show": False}
    return {
        "show": True,
        "count": status.count_for(user),
        "url": reverse("translation_status:status"),
    }
