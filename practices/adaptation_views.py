"""Transfer between cities in the coordinators' workspace (/<language>/my-practices/...).

A coordinator records that one of their cities adapted another city's published practice (with
the year and a short note in each language) and submits the record for review; they also say
which practice one of their own practices was inspired by. As in the rest of the workspace,
every view needs a signed-in user and finds records through the user's own cities, so anyone
else gets a 404; writes go through practices.adaptation_services.

Choosing a practice works without JavaScript: a search form (GET) lists the matching published
practices as radio buttons in the form that saves (POST).
"""

import reversion
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from cities.models import City
from icc.account_views import form_error_summary

from . import adaptation_services
from .models import Adaptation, Practice
from .transfer import practice_candidates
from .workspace_views import workspace_view

Status = Adaptation.Status
NOTE_MAX_LENGTH = 1000


def practice_label(practice):
    """``Title – City, City`` for a radio button (plain text)."""
    cities = ", ".join(city.name for city in practice.cities.all())
    title = str(practice)
    return f"{title} – {cities}" if cities else title


class PracticeChoiceField(forms.ModelChoiceField):
    """A published practice, by slug, offered as radio buttons among the ones found."""

    widget = forms.RadioSelect

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Practice.objects.published())
        kwargs.setdefault("to_field_name", "slug")
        super().__init__(**kwargs)

    def label_from_instance(self, practice):
        return practice_label(practice)

    def offer(self, practices, *, none_label=None):
        """Show only ``practices`` (and a "none" option): the field still accepts any
        published practice, but a page never lists thousands of them."""
        choices = [(practice.slug, practice_label(practice)) for practice in practices]
        if none_label is not None:
            choices.insert(0, ("", none_label))
        self.widget.choices = choices


def _candidates(text, *, chosen=None, exclude=None):
    """The practices found for ``text``, with the chosen one first if it is not among them."""
    found = [practice for practice in practice_candidates(text) if practice != exclude]
    if chosen is not None and chosen not in found:
        found.insert(0, chosen)
    return found


class SearchForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Find the practice"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("A few words of its title, or the name of its city."),
    )


class AdaptationForm(forms.Form):
    practice = PracticeChoiceField(
        label=gettext_lazy("Practice adapted"),
        error_messages={
            "required": gettext_lazy("Choose the practice your city adapted."),
            "invalid_choice": gettext_lazy("Choose a published practice from the list."),
        },
    )
    city = forms.ModelChoiceField(
        label=gettext_lazy("Your city"), queryset=City.objects.none(), to_field_name="slug"
    )
    year = forms.IntegerField(
        label=gettext_lazy("Year"),
        min_value=1900,
        help_text=gettext_lazy("The year your city started it."),
    )
    note_en = forms.CharField(
        label=gettext_lazy("Note (English)"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("What your city took over, and what it changed."),
    )
    note_fr = forms.CharField(
        label=gettext_lazy("Note (French)"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("The same note in French, if you can."),
    )
    # The search kept with the form (its own id: the search form's field is "id_q").
    q = forms.CharField(
        required=False, max_length=200, widget=forms.HiddenInput(attrs={"id": "id_kept_q"})
    )

    def __init__(self, *args, user, adaptation=None, **kwargs):
        super().__init__(*args, **kwargs)
        cities = user.coordinated_cities.order_by("name")
        self.fields["city"].queryset = cities
        if adaptation is not None:
            # The city of a record stays: another city's record is another record.
            self.fields["city"].queryset = City.objects.filter(pk=adaptation.city_id)
            self.fields["city"].disabled = True

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year is not None and year > timezone.localdate().year:
            raise ValidationError(_("The year cannot be in the future."), code="future")
        return year

    def fields_to_save(self):
        return {name: self.cleaned_data[name] for name in adaptation_services.EDITABLE_FIELDS}


def _adaptation_for(user, pk):
    return get_object_or_404(
        Adaptation.objects.editable_by(user).select_related("practice", "city"), pk=pk
    )


@workspace_view
def adaptation_list(request):
    adaptations = (
        Adaptation.objects.editable_by(request.user)
        .select_related("practice", "city")
        .order_by("-updated_at", "-pk")
    )
    return render(
        request,
        "workspace/adaptation_list.html",
        {
            "adaptations": adaptations,
            "can_create": request.user.coordinated_cities.exists(),
        },
    )


def _render_form(request, form, search, candidates, *, adaptation=None, status=200):
    form.fields["practice"].offer(candidates)
    return render(
        request,
        "workspace/adaptation_form.html",
        {
            "form": form,
            "search": search,
            "adaptation": adaptation,
            "searched": bool(search.data.get("q") or form.data.get("q")),
            "error_summary": form_error_summary(form),
        },
        status=status,
    )


def _search_text(request):
    source = request.POST if request.method == "POST" else request.GET
    return (source.get("q") or "").strip()[:200]


def _posted_practice(request):
    slug = (request.POST.get("practice") or request.GET.get("practice") or "").strip()
    if not slug:
        return None
    return Practice.objects.published().filter(slug=slug[:200]).first()


@workspace_view
@require_http_methods(["GET", "POST"])
def adaptation_create(request):
    if not request.user.coordinated_cities.exists():
        raise PermissionDenied(_("Only the coordinator of a member city can record adaptations."))
    text = _search_text(request)
    search = SearchForm({"q": text})
    chosen = _posted_practice(request)
    initial = {"q": text, "practice": chosen.slug if chosen else None}
    cities = list(request.user.coordinated_cities.order_by("name")[:2])
    if len(cities) == 1:
        initial["city"] = cities[0].slug
    form = AdaptationForm(
        request.POST if request.method == "POST" else None, user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            adaptation = adaptation_services.adaptation_create(
                user=request.user,
                practice=form.cleaned_data["practice"],
                city=form.cleaned_data["city"],
                fields=form.fields_to_save(),
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error if isinstance(error, ValidationError) else str(error))
        else:
            messages.success(
                request,
                _("Your adaptation has been saved as a draft. Submit it for review when ready."),
            )
            return redirect("workspace:adaptation_detail", pk=adaptation.pk)
    candidates = _candidates(text, chosen=chosen)
    return _render_form(request, form, search, candidates)


@workspace_view
def adaptation_detail(request, pk):
    adaptation = _adaptation_for(request.user, pk)
    allowed = adaptation_services.allowed_transitions(adaptation=adaptation, user=request.user)
    return render(
        request,
        "workspace/adaptation_detail.html",
        {
            "adaptation": adaptation,
            "can_edit": adaptation.is_editable,
            "can_submit": Status.SUBMITTED in allowed,
            "can_delete": adaptation.status == Status.DRAFT,
        },
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def adaptation_edit(request, pk):
    adaptation = _adaptation_for(request.user, pk)
    if not adaptation.is_editable:
        messages.info(
            request,
            _("This adaptation is “%(status)s”: it can be changed only while it is a draft.")
            % {"status": adaptation.get_status_display()},
        )
        return redirect("workspace:adaptation_detail", pk=adaptation.pk)
    text = _search_text(request)
    search = SearchForm({"q": text})
    initial = {
        "practice": adaptation.practice.slug,
        "city": adaptation.city.slug,
        "year": adaptation.year,
        "note_en": adaptation.note_en,
        "note_fr": adaptation.note_fr,
        "q": text,
    }
    form = AdaptationForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        adaptation=adaptation,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            adaptation = adaptation_services.adaptation_update(
                adaptation=adaptation,
                user=request.user,
                practice=form.cleaned_data["practice"],
                fields=form.fields_to_save(),
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error if isinstance(error, ValidationError) else str(error))
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect("workspace:adaptation_detail", pk=adaptation.pk)
    chosen = _posted_practice(request) or (
        adaptation.practice if adaptation.practice.status == Practice.Status.PUBLISHED else None
    )
    return _render_form(
        request, form, search, _candidates(text, chosen=chosen), adaptation=adaptation
    )


@workspace_view
@require_POST
def adaptation_submit(request, pk):
    adaptation = _adaptation_for(request.user, pk)
    try:
        adaptation_services.adaptation_submit(adaptation=adaptation, user=request.user)
    except (ValidationError, PermissionDenied) as error:
        for message in getattr(error, "messages", [str(error)]):
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Your adaptation has been submitted for review. The secretariat has been told."),
        )
    return redirect("workspace:adaptation_detail", pk=adaptation.pk)


@workspace_view
@require_http_methods(["GET", "POST"])
def adaptation_delete(request, pk):
    adaptation = _adaptation_for(request.user, pk)
    if adaptation.status != Status.DRAFT:
        raise PermissionDenied(_("Only a draft can be deleted."))
    if request.method == "POST":
        adaptation_services.adaptation_delete(adaptation=adaptation, user=request.user)
        messages.success(request, _("The draft has been deleted."))
        return redirect("workspace:adaptation_list")
    return render(request, "workspace/adaptation_confirm_delete.html", {"adaptation": adaptation})


# --- "Inspired by": which practice one of the coordinator's practices learnt from ----------


class InspiredByForm(forms.Form):
    inspired_by = PracticeChoiceField(
        label=gettext_lazy("Inspired by"),
        required=False,
        error_messages={
            "invalid_choice": gettext_lazy("Choose a published practice from the list."),
        },
    )
    # The search kept with the form (its own id: the search form's field is "id_q").
    q = forms.CharField(
        required=False, max_length=200, widget=forms.HiddenInput(attrs={"id": "id_kept_q"})
    )

    def __init__(self, *args, practice, **kwargs):
        super().__init__(*args, **kwargs)
        self.practice = practice

    def clean_inspired_by(self):
        chosen = self.cleaned_data["inspired_by"]
        if chosen is not None and chosen.pk == self.practice.pk:
            raise ValidationError(_("A practice cannot be inspired by itself."), code="itself")
        return chosen


@transaction.atomic
def practice_set_inspired_by(*, practice, user, inspired_by):
    """Record which published practice ``practice`` (editable, of ``user``'s city) learnt from."""
    current = Practice.objects.select_for_update().get(pk=practice.pk)
    if not current.is_editable_by(user):
        raise PermissionDenied(_("You may not change this practice."))
    if inspired_by is not None and inspired_by.status != Practice.Status.PUBLISHED:
        raise ValidationError(_("Choose a published practice from the list."))
    current.inspired_by = inspired_by
    with reversion.create_revision():
        current.save(update_fields=["inspired_by", "updated_at"])
        reversion.set_user(user)
        with translation.override(settings.LANGUAGE_CODE):  # read in the admin's history
            reversion.set_comment(_("Inspired by: %(practice)s") % {"practice": inspired_by or "–"})
    return current


@workspace_view
@require_http_methods(["GET", "POST"])
def practice_inspired_by(request, pk):
    practice = get_object_or_404(Practice.objects.editable_by(request.user), pk=pk)
    if not practice.is_editable:
        messages.info(
            request,
            _(
                "This practice is “%(status)s”: it can be changed only while it is a draft or "
                "when changes are requested."
            )
            % {"status": practice.get_status_display()},
        )
        return redirect("workspace:practice_detail", pk=practice.pk)
    text = _search_text(request)
    search = SearchForm({"q": text})
    current = practice.inspired_by
    form = InspiredByForm(
        request.POST if request.method == "POST" else None,
        practice=practice,
        initial={"inspired_by": current.slug if current else "", "q": text},
    )
    if request.method == "POST" and form.is_valid():
        try:
            practice_set_inspired_by(
                practice=practice, user=request.user, inspired_by=form.cleaned_data["inspired_by"]
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error if isinstance(error, ValidationError) else str(error))
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect("workspace:practice_detail", pk=practice.pk)
    chosen = _posted_practice_for(request, "inspired_by") or (
        current if current and current.status == Practice.Status.PUBLISHED else None
    )
    form.fields["inspired_by"].offer(
        _candidates(text, chosen=chosen, exclude=practice),
        none_label=_("No other practice"),
    )
    return render(
        request,
        "workspace/adaptation_inspired_by.html",
        {
            "practice": practice,
            "form": form,
            "search": search,
            "searched": bool(text),
            "error_summary": form_error_summary(form),
        },
    )


def _posted_practice_for(request, name):
    slug = (request.POST.get(name) or "").strip() if request.method == "POST" else ""
    if not slug:
        return None
    return Practice.objects.published().filter(slug=slug[:200]).first()
