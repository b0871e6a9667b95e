import pytest
from django.contrib import admin
from django.test import RequestFactory

from guidance import models as m
from guidance.loading import load_guidance

pytestmark = pytest.mark.django_db


def test_loading_twice_changes_nothing():
    report = load_guidance()  # the test database already holds the fixtures
    assert report.created == []
    assert report.updated == []
    assert report.kept_local_edit == []
    assert len(report.unchanged) > 100


def test_a_fixture_change_updates_an_item_nobody_edited():
    group = m.TargetGroup.objects.get(key="vbe")
    fixture_name = group.name
    m.TargetGroup.objects.filter(pk=group.pk).update(name="Gammalt namn")
    report = load_guidance()
    assert report.updated == ["guidance.targetgroup:vbe"]
    assert m.TargetGroup.objects.get(key="vbe").name == fixture_name


def test_an_admin_edit_survives_a_reload(make_user):
    from anhorigstod import roles

    service = m.Service.objects.get(phone__contains="08-702 16 80")
    service.phone = "08-000 00 00"
    request = RequestFactory().post("/admin/")
    request.user = make_user(roles.ADMINISTRATOR)
    admin.site._registry[m.Service].save_model(request, service, form=None, change=True)

    report = load_guidance()

    assert report.kept_local_edit == [f"guidance.service:{service.key}"]
    service.refresh_from_db()
    assert service.phone == "08-000 00 00"
    assert service.locally_edited


def test_an_admin_edit_is_kept_in_the_change_history(make_user):
    from anhorigstod import roles

    reference = m.LegalReference.objects.filter(verified=False).first()
    reference.note = "Kontrollerad mot SFS 2025:400"
    reference.verified = True
    request = RequestFactory().post("/admin/")
    request.user = make_user(roles.ADMINISTRATOR)
    admin.site._registry[m.LegalReference].save_model(request, reference, form=None, change=True)

    latest, previous = reference.history.all()[:2]
    changed = {change.field for change in latest.diff_against(previous).changes}
    assert {"note", "verified"} <= changed
