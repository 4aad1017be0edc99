"""WSGI entry point; production sets DJANGO_SETTINGS_MODULE=icc.settings.production.

Importing this module also does, once, what the first requests of a process would otherwise
pay for: the URLconf and its views imported, each language's reverse table and translation
catalogue loaded, the public templates compiled. Run with ``gunicorn --preload`` (as
docs/operations.md does), that happens in the master process before it forks its workers, so a
new worker (at start, or when ``--max-requests`` recycles one) answers its first request as
fast as its thousandth, and the workers share those pages of memory. Nothing here touches the
database or the cache: a connection opened before the fork would be shared by every worker.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "icc.settings.production")

application = get_wsgi_application()


def warm_up():
    from pathlib import Path

    from django.conf import settings
    from django.db import connections
    from django.template import TemplateDoesNotExist, TemplateSyntaxError
    from django.template.loader import get_template
    from django.urls import reverse
    from django.utils import translation

    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            reverse("home")  # imports the URLconf, fills this language's reverse table
    public_templates = Path(settings.BASE_DIR) / "templates"
    for path in sorted(public_templates.rglob("*.html")):
        name = path.relative_to(public_templates).as_posix()
        if name.startswith(("admin/", "reversion-compare/")):
            continue  # the secretariat's pages: rarely served, not worth every worker's memory
        try:
            get_template(name)
        except (TemplateDoesNotExist, TemplateSyntaxError):
            continue  # a fragment meant to be included elsewhere; its first use will say
    connections.close_all()


warm_up()
