"""Form fields shared by the apps' forms."""

from django import forms
from django.core.exceptions import ValidationError

# Ids are 64-bit integers: a longer number is no id, and SQLite raises OverflowError on it.
MAX_ID_DIGITS = len(str(2**63 - 1))


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, where a number too large to be an id is "not one of the choices"."""

    def clean(self, value):
        if isinstance(value, list | tuple):
            for pk in value:
                digits = str(pk).strip().lstrip("+-")
                if digits.isdecimal() and (len(digits) > MAX_ID_DIGITS or int(digits) >= 2**63):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super().clean(value)
