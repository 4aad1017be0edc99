"""Forms of the coordinators' workspace: a practice in every language, its images and documents.

Translated columns are named ``<field>_<language>`` (``title_en``, ``title_fr``) and built from
settings.LANGUAGES, so a third language only needs a settings change and a migration.
Uploads that pass their checks are kept (see ``KeepUploadMixin``) so that a form failing
validation elsewhere never asks for the same file again.
"""

import posixpath
import secrets

from django import forms
from django.conf import settings
from django.core import signing
from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _

from cities.models import City
from icc.filenames import safe_file_name
from icc.form_fields import BoundedModelMultipleChoiceField
from icc.models import Document, Image
from icc.validators import validate_document_file, validate_image_file

from .models import Practice, Topic

PENDING_UPLOAD_DIRECTORY = "pending-uploads"
PENDING_UPLOAD_SALT = "practices.forms.pending-upload"
# A kept upload is offered again for a day; after that the coordinator chooses the file again.
PENDING_UPLOAD_MAX_AGE = 60 * 60 * 24


def language_codes():
    return [code for code, _name in settings.LANGUAGES]


def localized(field_name, code):
    return f"{field_name}_{code}"


def translated_names(*field_names):
    return [localized(name, code) for name in field_names for code in language_codes()]


TRANSLATED_FIELDS = ("title", "period", *Practice.SECTION_FIELDS)
# "contact": the contact person's columns a coordinator writes (never shown: contact_email).
CONTACT_FIELDS = (
    "show_contact",
    "contact_name",
    *translated_names(*Practice.CONTACT_TRANSLATED_FIELDS),
    "contact_email",
)


class TranslatedFieldsMixin:
    """Marks each translated input with its language and groups them for side-by-side display."""

    translated_fields = ()

    def _mark_languages(self):
        for name in self.translated_fields:
            for code in language_codes():
                field = self.fields.get(localized(name, code))
                if field is not None:
                    field.widget.attrs["lang"] = code
                    field.label = self._language_label(field.label, code)

    @staticmethod
    def _language_label(label, code):
        names = dict(settings.LANGUAGES)
        return f"{label} ({names[code]})"

    def translated_rows(self):
        """``[(label, [bound field per language]), ...]`` for the template's EN | FR columns."""
        rows = []
        for name in self.translated_fields:
            bound = [self[localized(name, code)] for code in language_codes()]
            rows.append((self.model_field_label(name), bound))
        return rows

    def model_field_label(self, name):
        return self._meta.model._meta.get_field(name).verbose_name


class PracticeForm(TranslatedFieldsMixin, forms.ModelForm):
    """A practice as its coordinator writes it; status, slug and author are never form fields."""

    translated_fields = TRANSLATED_FIELDS

    cities = BoundedModelMultipleChoiceField(
        label=_("Cities"),
        queryset=City.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The practice's country is taken from the first city."),
    )
    topics = BoundedModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    # Optimistic concurrency: the practice's last change and latest revision as loaded.
    loaded_at = forms.CharField(widget=forms.HiddenInput, required=False)
    loaded_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Practice
        fields = [
            *translated_names("title", "period"),
            "first_year",
            "last_year",
            "is_ongoing",
            *translated_names(*Practice.SECTION_FIELDS),
            *CONTACT_FIELDS,  # "contact"
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # Only the coordinator's own cities can be chosen, whatever the request contains.
        self.fields["cities"].queryset = user.coordinated_cities.order_by("name")
        if self.instance.pk:
            self.initial.setdefault(
                "cities",
                list(self.instance.cities.filter(coordinators=user).values_list("pk", flat=True)),
            )
            self.initial.setdefault(
                "topics", list(self.instance.topics.values_list("pk", flat=True))
            )
        for name in translated_names(*Practice.SECTION_FIELDS):
            self.fields[name].widget.attrs.setdefault("rows", 5)
        for name in translated_names("title", "period"):
            self.fields[name].required = False
        self.fields["first_year"].widget.attrs.update({"inputmode": "numeric"})
        self.fields["last_year"].widget.attrs.update({"inputmode": "numeric"})
        self._mark_languages()
        self._prepare_contact_fields()  # "contact"

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(localized("title", code)) for code in language_codes()):
            self.add_error(
                localized("title", language_codes()[0]),
                forms.ValidationError(
                    _("Give the practice a title in at least one language."), code="no_title"
                ),
            )
        return cleaned

    def title_row(self):
        return self.translated_rows()[0]

    def period_row(self):
        return self.translated_rows()[1]

    def section_rows(self):
        return self.translated_rows()[2:]

    def practice_fields(self):
        """The cleaned values of the practice's own columns, for the services."""
        return {name: self.cleaned_data.get(name) for name in self._meta.fields}

    # --- "contact": the practice's contact person, and whether the page shows a contact -----

    def _prepare_contact_fields(self):
        for name in Practice.CONTACT_TRANSLATED_FIELDS:
            for code in language_codes():
                field = self.fields[localized(name, code)]
                field.widget.attrs["lang"] = code
                field.label = self._language_label(field.label, code)
        self.fields["contact_name"].widget.attrs["autocomplete"] = "off"
        self.fields["contact_email"].widget.attrs["autocomplete"] = "off"
        for code in language_codes():
            self.fields[localized("contact", code)].help_text = _(
                "Shown to everyone in the Contact section, and in the open data: an office, a "
                "telephone number, a website. Not the contact's e-mail address, which the site "
                "never shows."
            )

    def contact_rows(self):
        """The contact's role and organisation, a column per language (as ``translated_rows``)."""
        return [
            (
                self.model_field_label(name),
                [self[localized(name, code)] for code in language_codes()],
            )
            for name in Practice.CONTACT_TRANSLATED_FIELDS
        ]

    # --- end of "contact" -----------------------------------------------------------------


class KeepUploadMixin:
    """Keeps an accepted upload across a failed submission of the page.

    A file that passes its checks is stored under ``pending-uploads/`` and the form carries a
    signed token naming it; when the page comes back (because another field was wrong), the
    token stands in for the file, so the coordinator does not have to choose it again. The
    token is signed with the user's id: nobody can claim another person's pending file.
    """

    upload_field = "file"

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["kept_upload"] = forms.CharField(widget=forms.HiddenInput, required=False)
        self.kept_name = None  # the original name of the kept file, to show it
        token = self.data.get(self.add_prefix("kept_upload")) if self.is_bound else None
        self._kept = self._read_token(token) if token else None
        if self._kept:
            self.kept_name = self._kept["original"]
            self.fields[self.upload_field].required = False

    def _read_token(self, token):
        try:
            kept = signing.loads(token, salt=PENDING_UPLOAD_SALT, max_age=PENDING_UPLOAD_MAX_AGE)
        except signing.BadSignature:
            return None
        if kept.get("user") != self.user.pk or not default_storage.exists(kept.get("path", "")):
            return None
        return kept

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get(self.upload_field)
        if upload and not self.has_error(self.upload_field):
            self._keep(upload)
        elif self._kept and not upload and not self.has_error(self.upload_field):
            cleaned[self.upload_field] = default_storage.open(self._kept["path"], "rb")
            cleaned[self.upload_field].name = self._kept["original"]
        return cleaned

    def _keep(self, upload):
        # A safe name bounded in bytes, for the pending copy and for where the file goes next:
        # a name longer than the file system allows was a 500 that lost the whole form.
        original = upload.name = safe_file_name(upload.name)
        path = default_storage.save(
            posixpath.join(PENDING_UPLOAD_DIRECTORY, secrets.token_hex(16), original), upload
        )
        upload.seek(0)
        self._kept = {"user": self.user.pk, "path": path, "original": original}
        self.kept_name = original
        token = signing.dumps(self._kept, salt=PENDING_UPLOAD_SALT)
        # The re-rendered page must carry the token, whatever was posted.
        data = self.data.copy()
        data[self.add_prefix("kept_upload")] = token
        self.data = data

    def has_upload(self):
        return bool(self.cleaned_data.get(self.upload_field))

    def discard_kept_upload(self):
        """Delete the pending copy once the file is saved where it belongs."""
        if self._kept:
            default_storage.delete(self._kept["path"])


class NewImageForm(KeepUploadMixin, TranslatedFieldsMixin, forms.Form):
    """One new image: a real picture within the limits, with its alternative text."""

    translated_fields = ("alt_text",)

    file = forms.FileField(
        label=_("Image file"),
        required=False,
        validators=[validate_image_file],
        help_text=_("JPEG, PNG, GIF or WebP."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}
        ),
    )
    credit = forms.CharField(label=_("Credit"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code in language_codes():
            self.fields[localized("alt_text", code)] = forms.CharField(
                label=_("Alternative text"),
                max_length=300,
                required=False,
                help_text=_("What the image shows, for people who cannot see it."),
            )
        self._mark_languages()
        self.order_fields(["file", *translated_names("alt_text"), "credit"])

    def model_field_label(self, name):
        return _("Alternative text")

    def clean(self):
        cleaned = super().clean()
        has_text = any(cleaned.get(localized("alt_text", code)) for code in language_codes())
        if cleaned.get("file") and not has_text:
            self.add_error(
                localized("alt_text", language_codes()[0]),
                forms.ValidationError(
                    _("Describe the image in at least one language (alternative text)."),
                    code="alt_text_required",
                ),
            )
        elif has_text and not cleaned.get("file") and not self.has_error("file"):
            self.add_error(
                "file",
                forms.ValidationError(
                    _("Choose the image file this text describes."), code="file_required"
                ),
            )
        return cleaned

    def image_fields(self):
        data = {"credit": self.cleaned_data.get("credit", "")}
        for code in language_codes():
            data[localized("alt_text", code)] = self.cleaned_data.get(localized("alt_text", code))
        return data


class NewDocumentForm(KeepUploadMixin, TranslatedFieldsMixin, forms.Form):
    """One new document: a PDF or office file within the size limit, with its title."""

    translated_fields = ("title",)

    file = forms.FileField(
        label=_("Document file"),
        required=False,
        validators=[validate_document_file],
        help_text=_("PDF or office document (Word, Excel, PowerPoint, OpenDocument)."),
    )
    language = forms.ChoiceField(
        label=_("Language of the file"),
        choices=settings.LANGUAGES_OF_DOCUMENTS,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code in language_codes():
            self.fields[localized("title", code)] = forms.CharField(
                label=_("Document title"), max_length=300, required=False
            )
        self._mark_languages()
        self.order_fields(["file", *translated_names("title"), "language"])

    def model_field_label(self, name):
        return _("Document title")

    def clean(self):
        cleaned = super().clean()
        has_title = any(cleaned.get(localized("title", code)) for code in language_codes())
        if cleaned.get("file") and not has_title:
            self.add_error(
                localized("title", language_codes()[0]),
                forms.ValidationError(
                    _("Give the document a title in at least one language."),
                    code="document_title_required",
                ),
            )
        elif has_title and not cleaned.get("file") and not self.has_error("file"):
            self.add_error(
                "file",
                forms.ValidationError(_("Choose the document file."), code="file_required"),
            )
        if cleaned.get("file") and not cleaned.get("language"):
            cleaned["language"] = settings.LANGUAGE_CODE
        return cleaned

    def document_fields(self):
        data = {"kind": Document.Kind.OTHER}
        for code in language_codes():
            data[localized("title", code)] = self.cleaned_data.get(localized("title", code))
        return data


class AttachedItemsForm(forms.Form):
    """Which of the practice's current images and documents to detach."""

    remove_images = BoundedModelMultipleChoiceField(
        label=_("Remove these images"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    remove_documents = BoundedModelMultipleChoiceField(
        label=_("Remove these documents"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, practice=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only what is attached to this practice can be detached.
        if practice is not None and practice.pk:
            self.fields["remove_images"].queryset = practice.images.all()
            self.fields["remove_documents"].queryset = practice.documents.all()
        else:
            self.fields["remove_images"].queryset = Image.objects.none()
            self.fields["remove_documents"].queryset = Document.objects.none()


class SubmitForm(forms.Form):
    comment = forms.CharField(
        label=_("Message to the secretariat (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
