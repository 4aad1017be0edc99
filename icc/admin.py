"""Back-office of the shared models: people, images, documents, and the revision log."""

import reversion
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_rq.models import Dashboard as RQDashboard
from reversion.models import Revision, Version
from reversion_compare.admin import CompareVersionAdmin

from cities.models import City

from .accounts import send_welcome_email
from .admin_utils import (
    CHANGE_LIST_TEMPLATE,
    BilingualVersionAdmin,
    image_thumbnail,
)
from .models import COORDINATOR_GROUP, Document, DocumentFile, Image, User

# Revisions of people never hold their password hash or sign-in time.
if not reversion.is_registered(User):
    reversion.register(User, exclude=("password", "last_login"))


# --- People ---------------------------------------------------------------------------------


def coordinated_cities_field():
    return forms.ModelMultipleChoiceField(
        label=_("Coordinates the cities"),
        queryset=City.objects.all(),
        required=False,
        widget=FilteredSelectMultiple(_("cities"), is_stacked=False),
        help_text=_(
            "A coordinator writes the good practices of these cities on the public site. "
            "A new coordinator receives an e-mail with a link to choose their password."
        ),
    )


class UserCreationForm(forms.ModelForm):
    """A new account without a password: the person chooses it from the welcome e-mail."""

    coordinated_cities = coordinated_cities_field()

    class Meta:
        model = User
        fields = ("username", "email", "first_name", "last_name", "preferred_language")

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
        return user


class UserEditForm(UserChangeForm):
    coordinated_cities = coordinated_cities_field()

    class Meta(UserChangeForm.Meta):
        model = User

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["coordinated_cities"].initial = list(
                self.instance.coordinated_cities.values_list("pk", flat=True)
            )


@admin.register(User)
class UserAdmin(CompareVersionAdmin, DjangoUserAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    add_form_template = None
    change_list_template = CHANGE_LIST_TEMPLATE
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            _("Personal info"),
            {"fields": ("first_name", "last_name", "email", "preferred_language")},
        ),
        (_("City coordinator"), {"fields": ("coordinated_cities",)}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username", "email", "first_name", "last_name", "preferred_language",
                    "coordinated_cities",
                ),
            },
        ),
    )  # fmt: skip
    list_display = ("username", "email", "first_name", "last_name", "is_staff", "cities_list")
    list_filter = ("is_staff", "is_active", "groups", "preferred_language")
    search_fields = ("username", "first_name", "last_name", "email", "coordinated_cities__name")
    actions = ["send_password_email"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("coordinated_cities")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            # Only a superuser grants superuser status or individual permissions.
            readonly += ["is_superuser", "user_permissions"]
        return readonly

    @admin.display(description=_("coordinates"))
    def cities_list(self, user):
        return ", ".join(city.name for city in user.coordinated_cities.all()) or "–"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = form.instance
        if "coordinated_cities" not in form.cleaned_data:
            return
        cities = form.cleaned_data["coordinated_cities"]
        user.coordinated_cities.set(cities)
        if cities:
            user.groups.add(Group.objects.get(name=COORDINATOR_GROUP))
            if not change:
                # Only once the account really exists may the e-mail leave.
                transaction.on_commit(lambda: send_welcome_email(user=user))

    @admin.action(description=_("Send password-setting e-mail"), permissions=["change"])
    def send_password_email(self, request, queryset):
        users = [user for user in queryset if user.is_active and user.email]
        for user in users:
            transaction.on_commit(lambda user=user: send_welcome_email(user=user))
        self.message_user(
            request,
            ngettext(
                "A password-setting e-mail is being sent to %(count)d person.",
                "A password-setting e-mail is being sent to %(count)d people.",
                len(users),
            )
            % {"count": len(users)},
            messages.SUCCESS,
        )


# --- Images and documents -------------------------------------------------------------------


@admin.register(Image)
class ImageAdmin(BilingualVersionAdmin):
    list_display = ("thumbnail", "alt_text", "credit", "dimensions", "created_at")
    list_display_links = ("thumbnail", "alt_text")
    search_fields = ("alt_text_en", "alt_text_fr", "credit", "file")
    date_hierarchy = "created_at"
    readonly_fields = ("preview", "width", "height")
    fields = ("file", "preview", "alt_text", "credit", "width", "height")

    @admin.display(description=_("image"))
    def thumbnail(self, image):
        return image_thumbnail(image, size=60)

    @admin.display(description=_("preview"))
    def preview(self, image):
        return image_thumbnail(image, size=300) if image.pk else "–"

    @admin.display(description=_("size (pixels)"))
    def dimensions(self, image):
        return f"{image.width} × {image.height}" if image.width else "–"


class DocumentFileInline(admin.TabularInline):
    model = DocumentFile
    extra = 1
    min_num = 0


@admin.register(Document)
class DocumentAdmin(BilingualVersionAdmin):
    inlines = [DocumentFileInline]
    list_display = ("title", "kind", "year", "languages", "credit")
    list_filter = ("kind", "year")
    search_fields = ("title_en", "title_fr", "credit")
    fields = ("title", "kind", "year", "credit")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("files")

    @admin.display(description=_("languages"))
    def languages(self, document):
        return ", ".join(file.language for file in document.files.all()) or "–"


# Roles are data (icc/migrations/0002_groups.py): groups are assigned to people in the user
# form, never edited by hand.
if admin.site.is_registered(Group):
    admin.site.unregister(Group)


# --- Background tasks -----------------------------------------------------------------------
# django-tasks-db lists the task results (read-only, "Task Results"); django-rq's dashboard
# means something only when the queue is Redis (TASKS_BACKEND=rq), so it is shown only then.
if settings.TASKS_BACKEND != "rq" and admin.site.is_registered(RQDashboard):
    admin.site.unregister(RQDashboard)


# --- The revision log -----------------------------------------------------------------------
# django-reversion-compare registers an admin for revisions whose search crashes (it searches
# a foreign key as text); this read-only one replaces it.

for model in (Revision, Version):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin):
    list_display = ("date_created", "user", "comment")
    list_select_related = ("user",)
    date_hierarchy = "date_created"
    ordering = ("-date_created",)
    search_fields = ("user__username", "user__email", "comment")
    list_filter = ("date_created",)


@admin.register(Version)
class VersionAdmin(ReadOnlyAdmin):
    list_display = ("object_repr", "content_type", "object_id", "revision_date", "comment")
    list_select_related = ("revision", "content_type")
    list_filter = ("content_type",)
    search_fields = ("object_repr",)
    exclude = ("serialized_data",)

    @admin.display(description=_("date"), ordering="revision__date_created")
    def revision_date(self, version):
        return version.revision.date_created

    @admin.display(description=_("comment"))
    def comment(self, version):
        return version.revision.comment
