"""The revision number of an event (iCalendar SEQUENCE), raised whenever the event changes.

A counter kept on the row rather than the number of django-reversion versions: versions are
recorded for admin and workspace saves only (not imports or the shell) and old ones may be
pruned, which would make the number go back. Calendar apps replace their copy of an event only
when SEQUENCE grows, so it must never go back: even a revision restored from the history
(saved raw, with the number it had then) keeps the current number, plus one.
"""

from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone
from modeltranslation.translator import NotRegistered, translator

from .models import Event, EventHostCity

# What is not the event's content: bookkeeping, and whether the public sees it at all.
NOT_CONTENT = {"id", "created_at", "updated_at", "sequence", "is_published"}


def content_fields():
    """The columns whose change is a new revision (per language, not modeltranslation's base)."""
    try:
        translated = set(translator.get_options_for_model(Event).fields)
    except NotRegistered:
        translated = set()
    return [
        field
        for field in Event._meta.concrete_fields
        if field.name not in NOT_CONTENT and field.name not in translated
    ]


def changed_fields(event, stored, fields):
    return [
        field.name
        for field in fields
        if field.to_python(getattr(event, field.attname)) != field.to_python(stored[field.attname])
    ]


@receiver(pre_save, sender=Event, dispatch_uid="events-count-revision")
def count_revision(sender, instance, raw, update_fields, **kwargs):
    """Compare the row about to be written with the stored one; raise the number if it differs."""
    if instance.pk is None:
        return
    deferred = instance.get_deferred_fields()
    fields = [
        field
        for field in content_fields()
        if field.attname not in deferred and (update_fields is None or field.name in update_fields)
    ]
    stored = (
        Event._base_manager.filter(pk=instance.pk)
        .values("sequence", *(field.attname for field in fields))
        .first()
    )
    if stored is None:  # an insert with a chosen primary key (fixtures, restores)
        return
    current = max(stored["sequence"], instance.sequence or 0)
    if changed_fields(instance, stored, fields):
        instance.sequence = current + 1
        # A raw save (a revision restored) skips auto_now and would keep the old date.
        instance.updated_at = timezone.now()
    else:
        instance.sequence = current


@receiver(post_save, sender=Event, dispatch_uid="events-mark-new")
def mark_new_event(sender, instance, created, raw, **kwargs):
    # The host cities the admin form or a factory sets right after the first save belong to
    # the first revision: they do not count as a change.
    if created and not raw:
        instance._host_cities_are_initial = True


def raise_revision(event_ids):
    """One more revision for these events (their host cities changed), in one UPDATE."""
    if event_ids:
        Event._base_manager.filter(pk__in=event_ids).update(
            sequence=F("sequence") + 1, updated_at=timezone.now()
        )


@receiver(m2m_changed, sender=EventHostCity, dispatch_uid="events-host-cities-added")
def host_cities_added(sender, instance, action, reverse, pk_set, **kwargs):
    # ``add()`` and ``set()`` insert the links in bulk, without post_save; removals and
    # ``clear()`` delete them one by one and are counted by host_link_saved_or_deleted.
    if action != "post_add" or not pk_set:
        return
    if reverse:  # city.hosted_events.add(event, ...)
        raise_revision(pk_set)
    elif not getattr(instance, "_host_cities_are_initial", False):
        raise_revision([instance.pk])


@receiver(post_save, sender=EventHostCity, dispatch_uid="events-host-link-saved")
@receiver(post_delete, sender=EventHostCity, dispatch_uid="events-host-link-deleted")
def host_link_saved_or_deleted(sender, instance, **kwargs):
    event = instance._state.fields_cache.get("event")
    if not getattr(event, "_host_cities_are_initial", False):
        raise_revision([instance.event_id])
