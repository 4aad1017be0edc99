"""The side-by-side editor's form: one text per field shown, in the language being written."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .registry import localized_name
from .status import OUTDATED, text_digest


def language_name(code):
    return str(dict(settings.LANGUAGES).get(code, code))


class TranslationForm(forms.Form):
    """``text_<field>`` for each row, ``loaded_<field>`` (what was shown), ``still_<field>``.

    ``still_<field>`` is offered for an out-of-date text: ticked, it records that the text
    needs no change although the reference text changed.
    """

    def __init__(self, *args, rows, language, model, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.language = language
        for row in rows:
            column = localized_name(row.field, language)
            model_field = model._meta.get_field(column)
            widget = (
                forms.Textarea(attrs={"rows": 10, "lang": language})
                if row.is_long
                else forms.TextInput(attrs={"lang": language, "size": 60})
            )
            self.fields[f"text_{row.field}"] = forms.CharField(
                label=f"{row.label} ({language_name(language)})",
                max_length=model_field.max_length,
                required=not model_field.blank,
                initial=row.texts[language],
                widget=widget,
            )
            self.fields[f"loaded_{row.field}"] = forms.CharField(
                required=False, initial=text_digest(row.texts[language]), widget=forms.HiddenInput
            )
            if row.state(language) == OUTDATED:
                self.fields[f"still_{row.field}"] = forms.BooleanField(
                    required=False,
                    label=_("The %(language)s text is still correct: no change is needed")
                    % {"language": language_name(language)},
                )

    def texts(self):
        return {row.field: self.cleaned_data[f"text_{row.field}"] for row in self.rows}

    def still_correct(self):
        return [row.field for row in self.rows if self.cleaned_data.get(f"still_{row.field}")]

    def loaded(self):
        return {row.field: self.cleaned_data.get(f"loaded_{row.field}") or "" for row in self.rows}

    def bound_rows(self):
        """``[(row, text field, still-correct field or None)]`` for the template."""
        return [
            (
                row,
                self[f"text_{row.field}"],
                self[f"still_{row.field}"] if f"still_{row.field}" in self.fields else None,
                self[f"loaded_{row.field}"],
            )
            for row in self.rows
        ]
