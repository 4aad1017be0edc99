"""Back-office of good practices (with the review queue) and of the topic taxonomy."""

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from reversion.models import Version

from icc.admin_utils import (
    ActionCommentForm,
    BilingualVersionAdmin,
    ImportExportMixin,
    UsedCountryListFilter,
)

from . import services
from .freshness_admin import (  # "freshness": the yearly check
    FRESHNESS_ACTIONS,
    FRESHNESS_FIELDSET,
    FRESHNESS_READONLY_FIELDS,
    CheckListFilter,
    last_checked_column,
)
from .models import Practice, PracticeTopic, Topic, Transition
from .resources import PracticeResource, PublishedPracticeResource
from .review import practice_changes_since_last_submission

Status = Practice.Status

# target status -> (URL name of the action, button label, service call)
REVIEW_ACTIONS = {
    Status.PUBLISHED: ("publish", _("Publish"), services.practice_publish),
    Status.CHANGES_REQUESTED: (
        "request-changes",
        _("Request changes"),
        services.practice_request_changes,
    ),
    Status.REJECTED: ("reject", _("Reject"), services.practice_reject),
    Status.ARCHIVED: ("unpublish", _("Unpublish"), services.practice_unpublish),
    Status.SUBMITTED: ("submit", _("Submit for review"), services.practice_submit),
    Status.DRAFT: (
        "to-draft",
        _("Return to draft"),
        lambda **kwargs: services.practice_transition(to_status=Status.DRAFT, **kwargs),
    ),
}
ACTION_TARGETS = {slug: target for target, (slug, _label, _call) in REVIEW_ACTIONS.items()}


def error_text(error):
    """The readable message(s) of a ValidationError or PermissionDenied."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or str(_("You may not make this change to this practice."))


class TransitionInline(admin.TabularInline):
    """The life-cycle log: read-only, written only by practices.services."""

    model = Transition
    fk_name = "practice"
    extra = 0
    can_delete = False
    fields = ("created_at", "from_status", "to_status", "actor", "comment")
    readonly_fields = fields
    verbose_name_plural = _("Life cycle (who, when, comment)")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


@admin.register(Practice)
class PracticeAdmin(ImportExportMixin, BilingualVersionAdmin):
    # "import": the second resource publishes with original dates; only reviewers get it.
    resource_classes = [PracticeResource, PublishedPracticeResource]
    change_list_template = "admin/practices/practice/change_list.html"
    import_export_change_list_template = "admin/practices/practice/change_list.html"
    change_form_template = "admin/practices/practice/change_form.html"
    inlines = [TransitionInline]
    list_display = (
        "__str__", "country", "city_names", "status", "submitted_at", "published_at",
        "updated_at",
        last_checked_column,  # "freshness"
    )  # fmt: skip
    list_filter = (
        "status", "topics", ("country", UsedCountryListFilter), "is_ongoing",
        CheckListFilter,  # "freshness"
    )  # fmt: skip
    search_fields = ("title_en", "title_fr", "slug", "cities__name_en", "cities__name_fr")
    autocomplete_fields = ("cities", "topics", "images", "documents", "inspired_by")
    readonly_fields = (
        "status", "submitted_at", "published_at", "created_by", "changes_since_last_submission",
        *FRESHNESS_READONLY_FIELDS,  # "freshness"
    )  # fmt: skip
    actions = ["publish_selected", "unpublish_selected", *FRESHNESS_ACTIONS]
    # Named here rather than in ``fieldsets``: see ThroughManyToManyMixin (cities, topics).
    form_fieldsets = (
        (
            _("Review"),
            {
                "fields": (
                    "status",
                    "submitted_at",
                    "published_at",
                    "created_by",
                    "changes_since_last_submission",
                )
            },
        ),  # fmt: skip
        (
            None,
            {"fields": ("title", "slug", "cities", "country", "topics")},
        ),
        (_("Period"), {"fields": ("period", "first_year", "last_year", "is_ongoing")}),
        (_("The practice"), {"fields": Practice.SECTION_FIELDS}),
        (_("Images and documents"), {"fields": ("images", "documents")}),
        # "transfer": the practice of another city this one learnt from.
        (_("Transfer between cities"), {"fields": ("inspired_by",)}),
        FRESHNESS_FIELDSET,  # "freshness": last checked, ended on
        # "contact": the person visitors write to; the address is never shown on the site.
        (
            _("Contact person"),
            {
                "fields": (
                    "show_contact",
                    "contact_name",
                    "contact_role",
                    "contact_organisation",
                    "contact_email",
                ),
                "description": _(
                    "Visitors write to the contact through a form on the practice's page; "
                    "the e-mail address is never shown nor published."
                ),
            },
        ),  # fmt: skip
    )

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("cities")
        if services.user_is_secretariat(request.user):
            return queryset
        # Staff outside the secretariat (normally nobody) see only their cities' practices.
        return queryset.editable_by(request.user)

    # --- "import": moving a site's practices in (issue 11) ------------------------------------

    def get_import_resource_classes(self, request):
        classes = list(super().get_import_resource_classes(request))
        if services.user_is_secretariat(request.user):
            return classes
        return [cls for cls in classes if cls is not PublishedPracticeResource]

    def get_import_data_kwargs(self, **kwargs):
        # A row refused at the confirmation (the data changed since the preview) cancels the
        # whole file, as on the command line, instead of leaving that row out unnoticed.
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs.setdefault("rollback_on_validation_errors", True)
        return kwargs

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("cities"))
    def city_names(self, practice):
        return ", ".join(city.name for city in practice.cities.all()) or "–"

    @admin.display(description=_("What changed since the last submission"))
    def changes_since_last_submission(self, practice):
        if not practice.pk:
            return "–"
        changes = practice_changes_since_last_submission(practice)
        if not changes:
            return _("Nothing, or this is the first submission.")
        rows = format_html_join(
            "",
            '<tr><th scope="row">{}</th><td><del>{}</del></td><td><ins>{}</ins></td></tr>',
            changes,
        )
        return format_html(
            '<table class="icc-review-changes"><thead><tr><th scope="col">{}</th>'
            '<th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>',
            _("Field"),
            _("At the last submission"),
            _("Now"),
            rows,
        )

    # --- Review: URLs, queue and actions ---------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("review-queue/", wrap(self.review_queue_view), name="practices_practice_review_queue"),
            path(
                "<path:object_id>/review/<slug:action>/",
                wrap(self.review_action_view),
                name="practices_practice_review",
            ),
        ] + super().get_urls()  # fmt: skip

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        extra_context["review_queue_count"] = (
            Practice.objects.filter(status=Status.SUBMITTED).count()
            if services.user_is_secretariat(request.user)
            else None
        )
        return super().changelist_view(request, extra_context)

    def review_actions_for(self, request, practice):
        """[(label, url, css class)] of the transitions the user may make now."""
        actions = []
        for target in services.allowed_transitions(practice=practice, user=request.user):
            slug, label, _call = REVIEW_ACTIONS[target]
            url = reverse("admin:practices_practice_review", args=[practice.pk, slug])
            actions.append((label, url, slug))
        return actions

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        practice = self.get_object(request, object_id)
        if practice is not None:
            extra_context["review_actions"] = self.review_actions_for(request, practice)
        return super().change_view(request, object_id, form_url, extra_context)

    def review_queue_view(self, request):
        if not services.user_is_secretariat(request.user):
            raise PermissionDenied
        submitter = (
            Transition.objects.filter(practice=OuterRef("pk"), to_status=Status.SUBMITTED)
            .order_by("-created_at", "-pk")
            .values("actor__username")[:1]
        )
        practices = (
            Practice.objects.filter(status=Status.SUBMITTED)
            .annotate(submitted_by=Subquery(submitter))
            .prefetch_related("cities")
            .order_by("submitted_at", "pk")
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Review queue"),
            "practices": practices,
            # "transfer": the cities' adaptations waiting too (their own change list).
            "adaptations_waiting": Adaptation.objects.filter(
                status=Adaptation.Status.SUBMITTED
            ).count(),
        }
        return TemplateResponse(request, "admin/practices/practice/review_queue.html", context)

    def review_action_view(self, request, object_id, action):
        target = ACTION_TARGETS.get(action)
        if target is None:
            raise Http404
        practice = self.get_object(request, object_id)
        if practice is None:
            raise Http404
        _slug, label, call = REVIEW_ACTIONS[target]
        change_url = reverse("admin:practices_practice_change", args=[practice.pk])
        form = ActionCommentForm(request.POST if request.method == "POST" else None)
        comment_required = target in services.COMMENT_REQUIRED
        if comment_required:
            form.fields["comment"].required = True
            form.fields["comment"].help_text = _("Required: the coordinators receive it by e-mail.")
        if request.method == "POST" and form.is_valid():
            try:
                call(practice=practice, user=request.user, comment=form.cleaned_data["comment"])
            except (ValidationError, PermissionDenied) as error:
                # TransitionNotAllowed is a ValidationError: the form shows the reason.
                form.add_error(None, error_text(error))
            else:
                practice.refresh_from_db()
                self.message_user(
                    request,
                    _("“%(practice)s” is now: %(status)s.")
                    % {"practice": practice, "status": practice.get_status_display()},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("%(action)s: %(practice)s") % {"action": label, "practice": practice},
            "practice": practice,
            "action_label": label,
            "form": form,
            "change_url": change_url,
            "changes": practice_changes_since_last_submission(practice),
        }
        return TemplateResponse(request, "admin/practices/practice/review_action.html", context)

    def _run_bulk(self, request, queryset, call, done_message):
        done, failed = 0, []
        for practice in queryset:
            try:
                call(practice=practice, user=request.user)
            except (ValidationError, PermissionDenied) as error:
                failed.append(f"{practice}: {error_text(error)}")
            else:
                done += 1
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)
        for failure in failed:
            self.message_user(request, failure, messages.ERROR)

    @admin.action(description=_("Publish selected practices"), permissions=["review"])
    def publish_selected(self, request, queryset):
        self._run_bulk(
            request,
            queryset,
            services.practice_publish,
            lambda n: (
                ngettext("%(count)d practice published.", "%(count)d practices published.", n)
                % {"count": n}
            ),
        )

    @admin.action(description=_("Unpublish selected practices"), permissions=["review"])
    def unpublish_selected(self, request, queryset):
        self._run_bulk(
            request,
            queryset,
            services.practice_unpublish,
            lambda n: (
                ngettext("%(count)d practice unpublished.", "%(count)d practices unpublished.", n)
                % {"count": n}
            ),
        )

    def has_review_permission(self, request):
        return services.user_is_secretariat(request.user)

    # --- Deleting, recovering, reverting: the life cycle goes through the services ---------

    def delete_model(self, request, obj):
        services.practice_delete(practice=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for practice in queryset:
            services.practice_delete(practice=practice, user=request.user)

    def _keep_life_cycles(self, request, version_id):
        """Note, before reversion reverts ``version_id``'s revision, what to give back after it."""
        version = Version.objects.filter(pk=version_id).select_related("revision").first()
        if version is None:
            return
        practice_type = ContentType.objects.get_for_model(Practice)
        practice_ids = [
            int(object_id)
            for object_id in version.revision.version_set.filter(
                content_type=practice_type
            ).values_list("object_id", flat=True)
            if object_id.isdigit()
        ]
        request.practice_life_cycles = (
            services.practice_life_cycles(practice_ids=practice_ids),
            practice_ids,
        )

    def revision_view(self, request, object_id, version_id, extra_context=None):
        self._keep_life_cycles(request, version_id)
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        self._keep_life_cycles(request, version_id)
        return super().recover_view(request, version_id, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Reached from revision_view/recover_view once the revision is reverted, in the same
        # transaction (rolled back for a preview): the form shows, and saves, the life cycle
        # as it is now, never the one of the revision.
        kept = getattr(request, "practice_life_cycles", None)
        if kept is not None:
            del request.practice_life_cycles
            services.practice_keep_life_cycles(
                kept=kept[0], practice_ids=kept[1], user=request.user
            )
        return super().changeform_view(request, object_id, form_url, extra_context)


# --- Topics ---------------------------------------------------------------------------------


class TopicMergeForm(forms.Form):
    target = forms.ModelChoiceField(
        label=_("Merge into"),
        queryset=Topic.objects.all(),
        help_text=_(
            "The practices and news of the selected topics move to this topic; "
            "the selected topics are then deleted."
        ),
    )


def topic_merge(*, topics, target, user):
    """Move the practices and news of ``topics`` to ``target``, then delete ``topics``."""
    from news.models import NewsItem, NewsTopic

    sources = [topic for topic in topics if topic.pk != target.pk]
    with transaction.atomic(), reversion.create_revision():
        practice_ids = set(
            PracticeTopic.objects.filter(topic__in=sources).values_list("practice_id", flat=True)
        )
        news_ids = set(
            NewsTopic.objects.filter(topic__in=sources).values_list("news_item_id", flat=True)
        )
        # Rows already linked to the target are left alone: no duplicate links.
        practice_ids -= set(
            PracticeTopic.objects.filter(topic=target).values_list("practice_id", flat=True)
        )
        news_ids -= set(
            NewsTopic.objects.filter(topic=target).values_list("news_item_id", flat=True)
        )
        PracticeTopic.objects.bulk_create(
            PracticeTopic(practice_id=pk, topic=target) for pk in sorted(practice_ids)
        )
        NewsTopic.objects.bulk_create(
            NewsTopic(news_item_id=pk, topic=target) for pk in sorted(news_ids)
        )
        PracticeTopic.objects.filter(topic__in=sources).delete()
        NewsTopic.objects.filter(topic__in=sources).delete()
        # The changed items get a version of their new topics.
        for practice in Practice.objects.filter(topic_links__topic=target):
            reversion.add_to_revision(practice)
        for item in NewsItem.objects.filter(topic_links__topic=target):
            reversion.add_to_revision(item)
        names = ", ".join(str(topic) for topic in sources)
        for topic in sources:
            topic.delete()
        reversion.set_user(user)
        reversion.set_comment(
            str(_("Merged %(topics)s into %(target)s") % {"topics": names, "target": target})
        )
    return len(sources)


@admin.register(Topic)
class TopicAdmin(BilingualVersionAdmin):
    list_display = ("name", "position", "slug")
    list_editable = ("position",)
    search_fields = ("name_en", "name_fr", "slug")
    fields = ("name", "slug", "position")
    actions = ["merge_topics"]

    @admin.action(description=_("Merge selected topics into…"), permissions=["delete"])
    def merge_topics(self, request, queryset):
        form = TopicMergeForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            target = form.cleaned_data["target"]
            count = topic_merge(topics=list(queryset), target=target, user=request.user)
            self.message_user(
                request,
                ngettext(
                    "%(count)d topic merged into “%(target)s”.",
                    "%(count)d topics merged into “%(target)s”.",
                    count,
                )
                % {"count": count, "target": target},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Merge topics"),
            "topics": queryset,
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/practices/topic/merge.html", context)


# --- Transfer between cities ("transfer"): the cities' adaptations and their review -----------

from . import adaptation_services  # noqa: E402 - kept with the admin below in this block
from .models import Adaptation  # noqa: E402

AdaptationStatus = Adaptation.Status
# target status -> (URL slug of the action, button label)
ADAPTATION_ACTIONS = {
    AdaptationStatus.PUBLISHED: ("publish", _("Publish")),
    AdaptationStatus.DRAFT: ("to-draft", _("Return to draft")),
    AdaptationStatus.REJECTED: ("reject", _("Reject")),
    AdaptationStatus.SUBMITTED: ("submit", _("Submit for review")),
}
ADAPTATION_ACTION_TARGETS = {slug: target for target, (slug, _l) in ADAPTATION_ACTIONS.items()}


@admin.register(Adaptation)
class AdaptationAdmin(BilingualVersionAdmin):
    """Cities' records that they adapted a practice; the secretariat reviews them here.

    Waiting for review: the status filter "Submitted for review" (linked from the practices'
    review queue). Each status change goes through practices.adaptation_services.
    """

    change_form_template = "admin/practices/adaptation/change_form.html"
    list_display = ("city", "practice", "year", "status", "submitted_at", "published_at")
    list_filter = ("status", "year")
    list_select_related = ("city", "practice")
    search_fields = (
        "practice__title_en", "practice__title_fr", "city__name_en", "city__name_fr",
    )  # fmt: skip
    autocomplete_fields = ("practice", "city")
    readonly_fields = (
        "status", "submitted_at", "published_at", "review_comment", "created_by",
    )  # fmt: skip
    fields = (
        "practice", "city", "year", "note", "status", "submitted_at", "published_at",
        "review_comment", "created_by",
    )  # fmt: skip
    actions = ["publish_selected_adaptations"]

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/review/<slug:action>/",
                wrap(self.review_action_view),
                name="practices_adaptation_review",
            ),
        ] + super().get_urls()  # fmt: skip

    def review_actions_for(self, request, adaptation):
        """[(label, url, css class)] of the transitions the user may make now."""
        actions = []
        allowed = adaptation_services.allowed_transitions(adaptation=adaptation, user=request.user)
        for target in allowed:
            slug, label = ADAPTATION_ACTIONS[target]
            url = reverse("admin:practices_adaptation_review", args=[adaptation.pk, slug])
            actions.append((label, url, slug))
        return actions

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        adaptation = self.get_object(request, object_id)
        if adaptation is not None:
            extra_context["review_actions"] = self.review_actions_for(request, adaptation)
        return super().change_view(request, object_id, form_url, extra_context)

    def review_action_view(self, request, object_id, action):
        target = ADAPTATION_ACTION_TARGETS.get(action)
        adaptation = self.get_object(request, object_id) if target else None
        if adaptation is None:
            raise Http404
        _slug, label = ADAPTATION_ACTIONS[target]
        change_url = reverse("admin:practices_adaptation_change", args=[adaptation.pk])
        form = ActionCommentForm(request.POST if request.method == "POST" else None)
        if (adaptation.status, target) in adaptation_services.COMMENT_REQUIRED:
            form.fields["comment"].required = True
            form.fields["comment"].help_text = _("Required: the coordinators receive it by e-mail.")
        if request.method == "POST" and form.is_valid():
            try:
                adaptation_services.adaptation_transition(
                    adaptation=adaptation,
                    user=request.user,
                    to_status=target,
                    comment=form.cleaned_data["comment"],
                )
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, error_text(error))
            else:
                adaptation.refresh_from_db()
                self.message_user(
                    request,
                    _("“%(adaptation)s” is now: %(status)s.")
                    % {"adaptation": adaptation, "status": adaptation.get_status_display()},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("%(action)s: %(adaptation)s") % {"action": label, "adaptation": adaptation},
            "adaptation": adaptation,
            "action_label": label,
            "form": form,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/practices/adaptation/review_action.html", context)

    @admin.action(description=_("Publish selected adaptations"), permissions=["review"])
    def publish_selected_adaptations(self, request, queryset):
        done, failed = 0, []
        for adaptation in queryset.select_related("city", "practice"):
            try:
                adaptation_services.adaptation_publish(adaptation=adaptation, user=request.user)
            except (ValidationError, PermissionDenied) as error:
                failed.append(f"{adaptation}: {error_text(error)}")
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)d adaptation published.", "%(count)d adaptations published.", done
                )
                % {"count": done},
                messages.SUCCESS,
            )
        for failure in failed:
            self.message_user(request, failure, messages.ERROR)

    def has_review_permission(self, request):
        return services.user_is_secretariat(request.user)


# --- end of "transfer" -----------------------------------------------------------------------


# --- Contact ("contact"): the copies of the messages visitors sent to practices' contacts -----

from .models import ContactMessage  # noqa: E402 - kept with its admin in this delimited block


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    """Read-only: written by the contact form only; the secretariat reads them, or deletes them.

    Only those with the view permission (the Secretariat group, a data migration) see them.
    """

    list_display = (
        "created_at",
        "practice_title",
        "sender_name",
        "sender_email",
        "language",
        "sent_at",
    )
    list_filter = ("language", ("sent_at", admin.EmptyFieldListFilter))
    search_fields = ("sender_name", "sender_email", "practice_title", "message")
    date_hierarchy = "created_at"
    list_select_related = ("practice",)
    fields = (
        "created_at", "practice", "practice_title", "sender_name", "sender_email", "language",
        "message", "recipient_email", "sent_at",
    )  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# --- end of "contact" -------------------------------------------------------------------------
