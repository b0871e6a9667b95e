"""Fixture and admin side by side: open conflicts and deleted fixture items.

"Skillnader mot fixturen" lists every conflict the loader found: a field the
administrator changed that the fixture has since changed too. Each is resolved
here or on the item's own page (the box "Fixturen har en annan version"), with
"Använd fixturens version" or "Behåll min". "Borttagna fixturposter" lists the
fixture items the administrator deleted, which the loader does not bring back
until "Återställ från fixturen". Every action is a POST with the CSRF token and
asks for the change permission on the record and on the item.
"""

from django.apps import apps
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from guidance import fixture_sync as sync
from guidance import models as m
from guidance.loading import RestoreBlocked, restore_from_fixture


def _may_change_items(request, records, action: str = "change") -> bool:
    """The administrator may ``action`` every item the records name."""
    for label in {record.model_label for record in records}:
        model = apps.get_model(label)
        codename = f"{model._meta.app_label}.{action}_{model._meta.model_name}"
        if not request.user.has_perm(codename):
            return False
    return True


def _item_link(record) -> str:
    model = apps.get_model(record.model_label)
    item = model._default_manager.filter(**{sync.key_field(model): record.object_key}).first()
    if item is None:
        return record.object_key
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[item.pk])
    return format_html('<a href="{}">{}</a>', url, item)


def _model_name(record) -> str:
    return str(apps.get_model(record.model_label)._meta.verbose_name).capitalize()


@admin.register(m.FixtureConflict)
class FixtureConflictAdmin(admin.ModelAdmin):
    list_display = ["item", "kind", "field_name", "fixture", "found_at"]
    list_filter = ["model_label"]
    search_fields = ["object_key", "field"]
    actions = ["use_fixture", "keep_mine"]

    @admin.display(description=_("post"))
    def item(self, conflict):
        return _item_link(conflict)

    @admin.display(description=_("typ"))
    def kind(self, conflict):
        return _model_name(conflict)

    @admin.display(description=_("fält"))
    def field_name(self, conflict):
        field = apps.get_model(conflict.model_label)._meta.get_field(conflict.field)
        return str(field.verbose_name).capitalize()

    @admin.display(description=_("fixturens version"))
    def fixture(self, conflict):
        model = apps.get_model(conflict.model_label)
        return sync.display_value(model, conflict.field, conflict.fixture_value)[:200]

    def has_add_permission(self, request):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    @admin.action(description=_("Använd fixturens version"), permissions=["change"])
    def use_fixture(self, request, queryset):
        self._resolve(request, list(queryset), use_fixture=True)

    @admin.action(description=_("Behåll min"), permissions=["change"])
    def keep_mine(self, request, queryset):
        self._resolve(request, list(queryset), use_fixture=False)

    def _resolve(self, request, conflicts, *, use_fixture: bool) -> None:
        if not _may_change_items(request, conflicts):
            raise PermissionDenied
        if use_fixture:
            count = sync.use_fixture_version(conflicts)
            text = ngettext(
                "Fixturens version används för %(count)d fält.",
                "Fixturens version används för %(count)d fält.",
                count,
            )
        else:
            count = sync.keep_local_version(conflicts, user=request.user)
            text = ngettext(
                "Din version behålls för %(count)d fält.",
                "Din version behålls för %(count)d fält.",
                count,
            )
        self.message_user(request, text % {"count": count}, messages.SUCCESS)

    def get_urls(self):
        resolve = self.admin_site.admin_view(require_POST(self.resolve_view))
        return [
            path("los/", resolve, name="guidance_fixtureconflict_resolve"),
            *super().get_urls(),
        ]

    def resolve_view(self, request):
        """The buttons on an item's change page: one field, or all of them."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        conflicts = list(m.FixtureConflict.objects.filter(pk__in=request.POST.getlist("konflikt")))
        choice = request.POST.get("val")
        if conflicts and choice in {"fixturen", "min"}:
            self._resolve(request, conflicts, use_fixture=choice == "fixturen")
        else:
            self.message_user(request, _("Välj ett fält att lösa."), messages.WARNING)
        target = request.POST.get("next", "")
        safe = url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        return HttpResponseRedirect(target if safe and target else reverse("admin:index"))


@admin.register(m.FixtureTombstone)
class FixtureTombstoneAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "object_key", "deleted_by", "deleted_at"]
    list_filter = ["model_label"]
    search_fields = ["object_key", "title"]
    actions = ["restore"]

    @admin.display(description=_("typ"))
    def kind(self, tombstone):
        return _model_name(tombstone)

    def has_add_permission(self, request):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    @admin.action(description=_("Återställ från fixturen"), permissions=["delete"])
    def restore(self, request, queryset):
        tombstones = list(queryset)
        if not _may_change_items(request, tombstones, action="add"):
            raise PermissionDenied
        try:
            report = restore_from_fixture(tombstones)
        except (RestoreBlocked, DatabaseError):
            self.message_user(
                request,
                _(
                    "Posten kunde inte återställas: den hör till en post som också är "
                    "borttagen. Återställ den först."
                ),
                messages.ERROR,
            )
            return
        self.message_user(
            request,
            ngettext(
                "%(count)d post återställdes från fixturen.",
                "%(count)d poster återställdes från fixturen.",
                len(report.created),
            )
            % {"count": len(report.created)},
            messages.SUCCESS,
        )
