"""The administrator keeps the guidance and the directory current here: the
stödmaterial's content (``content``), the districts and their routines
(``districts``) and the external support directory with its checks
(``directory``), and where the fixtures and the
administrator's edits differ (``fixture_sync``)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from guidance.admin import content, directory, districts, fixture_sync

admin.site.site_header = _("Anhörigstöd – administration")
admin.site.site_title = _("Anhörigstöd")
admin.site.index_title = _("Vägledning, kontaktuppgifter och användare")

__all__ = ["content", "directory", "districts", "fixture_sync"]
