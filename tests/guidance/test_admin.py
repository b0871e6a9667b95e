from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from anhorigstod import roles
from guidance import models as m

pytestmark = pytest.mark.django_db


def test_admin_lists_directory_entries_not_verified_for_twelve_months(client_as):
    today = timezone.localdate()
    fresh, stale, never = m.Service.objects.all()[:3]
    m.Service.objects.filter(pk=fresh.pk).update(last_verified_at=today - timedelta(days=30))
    m.Service.objects.filter(pk=stale.pk).update(last_verified_at=today - timedelta(days=400))
    m.Service.objects.filter(pk=never.pk).update(last_verified_at=None)

    response = client_as(roles.ADMINISTRATOR).get(
        reverse("admin:guidance_service_changelist"), {"kontroll": "forfallen"}
    )

    listed = set(response.context["cl"].queryset)
    assert stale in listed
    assert never in listed
    assert fresh not in listed


def test_admin_speaks_swedish(client_as):
    page = client_as(roles.ADMINISTRATOR).get(reverse("admin:index")).content.decode()
    assert "Vägledning" in page
    assert "Logga ut" in page
