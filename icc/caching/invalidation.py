"""Exact invalidation: every change that can alter a public page starts a new generation.

Receivers of post_save, post_delete and m2m_changed for every model of the content apps
(imported from ``IccConfig.ready``). Each change bumps at once, and the transaction bumps again
when it commits (one callback per transaction): a request that read the old rows between the
first bump and the commit may have cached them under the new generation. Bulk writes that send
no signals (``QuerySet.update``, ``bulk_create``) must be followed by ``bump_after_commit()``, as
``rebuild_search_index`` and ``load_demo`` do; ``migrate`` bumps too.
"""

import logging

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from .versions import bump_generation

logger = logging.getLogger(__name__)

CONTENT_APPS = ("icc", "cities", "events", "news", "practices", "pages")

# Models of those apps that no public page shows: accounts (and which cities a coordinator
# looks after) and the search rows, which are derived from content that bumps on its own.
NOT_PUBLIC = {
    "icc.user",
    "icc.user_groups",
    "icc.user_user_permissions",
    "icc.searchentry",
    "cities.city_coordinators",
    "practices.contactmessage",  # messages to a practice's contact: the secretariat's copies
}


def bump_after_commit(using=None):
    """Start a new generation now, and again when the current transaction commits.

    The bump now stops every process from serving what this change alters (and is what a
    test, which runs in one transaction that never commits, can see); the bump at commit
    drops whatever another request cached from the old rows in between.
    """
    bump_now()
    connection = transaction.get_connection(using or DEFAULT_DB_ALIAS)
    # One bump per transaction is enough: an import of 1,000 rows is one change of the site.
    # A callback queued in an enclosing savepoint survives whenever this change survives.
    if connection.in_atomic_block and any(
        callback is bump_generation for _savepoints, callback, _robust in connection.run_on_commit
    ):
        return
    # robust: the data is committed; a cache outage must not turn that into an error page.
    transaction.on_commit(bump_generation, using=using, robust=True)


def bump_now():
    try:
        bump_generation()
    except Exception:  # noqa: BLE001 - the bump at commit tries again; the save must not fail
        logger.warning("Could not start a new content generation now.", exc_info=True)


def content_saved_or_deleted(sender, using=None, **kwargs):
    bump_after_commit(using)


def content_relations_changed(sender, action, using=None, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        bump_after_commit(using)


def migrated(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    bump_after_commit(using)


def public_models():
    """Every model (many-to-many tables included) whose rows a public page may show."""
    for label in CONTENT_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.label_lower not in NOT_PUBLIC:
                yield model


def connect_receivers():
    for model in public_models():
        uid = f"page-cache-{model._meta.label_lower}"
        post_save.connect(content_saved_or_deleted, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(content_saved_or_deleted, sender=model, dispatch_uid=f"{uid}-delete")
        # For many-to-many tables (custom ``through`` models too) the sender is the table.
        m2m_changed.connect(content_relations_changed, sender=model, dispatch_uid=f"{uid}-m2m")
    # post_migrate is sent once per app: listening to one is one bump per migrate.
    post_migrate.connect(
        migrated, sender=apps.get_app_config("icc"), dispatch_uid="page-cache-migrate"
    )


connect_receivers()
