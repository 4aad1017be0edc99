"""Sign-in, sign-out and password pages, in the site's design and in every language.

Django's authentication views do the work; these subclasses only name the templates, the
namespaced URLs to go to next, and give each form an error summary. Repeated failures are
throttled by django-axes (settings: AXES_*), which renders registration/locked_out.html; the
forms sent from one address are rate limited too (icc/ratelimits/, settings: RATE_LIMITS).
"""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.decorators import method_decorator

from .ratelimits import email_key, rate_limit


def form_error_summary(*forms):
    """``[{message, label, anchor}, ...]`` for every error of ``forms``, in display order."""
    summary = []
    for form in forms:
        if form is None or not form.is_bound:
            continue
        for message in form.non_field_errors():
            summary.append({"message": message, "label": "", "anchor": ""})
        for field in form:
            for message in field.errors:
                anchor = field.auto_id if field.use_fieldset else field.id_for_label
                summary.append({"message": message, "label": field.label, "anchor": anchor})
    return summary


class ErrorSummaryMixin:
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["error_summary"] = form_error_summary(context.get("form"))
        return context


# Per address, on top of axes' lockout per (username, address): many usernames from one place.
@method_decorator(rate_limit("sign-in", method="POST"), name="dispatch")
class LoginView(ErrorSummaryMixin, auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """Signing out is a POST (CSRF-protected); a GET shows a page with the button."""

    http_method_names = ["get", "post", "options"]
    template_name = "registration/logged_out.html"

    def get(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return render(request, self.template_name)
        return render(request, "registration/logout_confirm.html")


class LocalizedPasswordResetForm(PasswordResetForm):
    """Sends the reset e-mail in the language each person chose, whatever page they used."""

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        language = getattr(context.get("user"), "preferred_language", None)
        with translation.override(language or translation.get_language()):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)


# Each form sent is an e-mail: limited per address, and per e-mail address asked about.
@method_decorator(rate_limit("password-reset", method="POST"), name="dispatch")
@method_decorator(rate_limit("password-reset-email", key=email_key, method="POST"), name="dispatch")
class PasswordResetView(ErrorSummaryMixin, auth_views.PasswordResetView):
    form_class = LocalizedPasswordResetForm
    template_name = "registration/password_reset_form.html"
    # Links are built from SITE_URL, never from the request's Host header.
    extra_email_context = {"site_url": settings.SITE_URL}
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"


class PasswordResetConfirmView(ErrorSummaryMixin, auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"


class PasswordChangeView(ErrorSummaryMixin, auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "registration/password_change_done.html"
