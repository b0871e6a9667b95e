"""The project's URLs with a stand-in for the incident page, for tests of the
relatives part run before the incidents part (which owns ``incident_detail``)
is merged. ``stub_incident_page`` uses it only when the real page is missing."""

import pytest
from django.http import HttpResponse
from django.urls import NoReverseMatch, URLResolver, include, path, reverse

from anhorigstod import urls as project
from referrals import urls as referrals


def _incident_page(request, reference):
    return HttpResponse(reference)


urlpatterns = [
    path(
        "",
        include(
            (
                [
                    *referrals.urlpatterns,
                    path("outreach/<str:reference>/", _incident_page, name="incident_detail"),
                ],
                "referrals",
            )
        ),
    ),
    *(
        pattern
        for pattern in project.urlpatterns
        if not (isinstance(pattern, URLResolver) and pattern.app_name == "referrals")
    ),
]


@pytest.fixture
def stub_incident_page(settings):
    """Stand in for the incident page (``referrals:incident_detail``) where the
    incidents part is not merged yet; a no-op once it is."""
    try:
        reverse("referrals:incident_detail", args=["AH-2026-00001"])
    except NoReverseMatch:
        settings.ROOT_URLCONF = __name__
