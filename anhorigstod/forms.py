"""The sign-in form: Django's, with the username bounded before anything reads it."""

from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

USERNAME_MAX_LENGTH = get_user_model()._meta.get_field("username").max_length or 150


class SignInForm(AuthenticationForm):
    """A username longer than any account's is refused as a field error, so it is
    never passed to ``authenticate`` (whose failure signal has django-axes store
    it in a column of 255 characters)."""

    def clean_username(self):
        username = self.cleaned_data.get("username") or ""
        if len(username) > USERNAME_MAX_LENGTH:
            raise ValidationError(
                _("Användarnamnet kan vara högst %(max)d tecken."),
                params={"max": USERNAME_MAX_LENGTH},
                code="max_length",
            )
        return username
