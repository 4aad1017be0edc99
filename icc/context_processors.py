from django.conf import settings


def site(request):
    """Values every page template may use."""
    return {"SITE_URL": settings.SITE_URL}
