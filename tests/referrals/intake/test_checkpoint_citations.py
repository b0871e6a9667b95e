"""A checkpoint that rests on a paragraph of law cites the guidance's LegalReference
row in its current form, so an administrator's correction reaches the message."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from guidance.models import LegalReference
from referrals.intake import checkpoints

pytestmark = pytest.mark.django_db

CITING = [
    blocked for blocked in checkpoints.CheckpointBlocked.__subclasses__() if blocked.legal_reference
]


def test_the_child_concern_checkpoint_cites_its_reference_in_current_form():
    assert checkpoints.ChildConcernReportMissing.legal_reference == "sol-2001-453-14-1"
    message = str(checkpoints.ChildConcernReportMissing().message)
    assert message == (
        "Det finns oro för att ett barn far illa. En orosanmälan ska göras genast och "
        "dokumenteras innan du går vidare. Lagrum: socialtjänstlagen (2025:400), "
        "tidigare 14 kap. 1 § SoL (2001:453) (ej kontrollerad)."
    )


def test_changing_the_reference_in_the_database_changes_the_message():
    blocked = checkpoints.ChildConcernReportMissing()
    LegalReference.objects.filter(key="sol-2025-400-anmalningsskyldighet").update(
        chapter="99", section="9", verified=True
    )
    expected = (
        "Lagrum: 99 kap. 9 § socialtjänstlagen (2025:400), tidigare 14 kap. 1 § SoL (2001:453)."
    )
    assert expected in str(blocked.message)
    assert expected in str(checkpoints.ChildConcernReportMissing().message)


def test_an_unverified_replacement_is_marked():
    LegalReference.objects.filter(key="sol-2025-400-anmalningsskyldighet").update(verified=True)
    assert str(checkpoints.ChildConcernReportMissing().message).endswith(
        "Lagrum: socialtjänstlagen (2025:400), tidigare 14 kap. 1 § SoL (2001:453)."
    )
    LegalReference.objects.filter(key="sol-2025-400-anmalningsskyldighet").update(verified=False)
    assert str(checkpoints.ChildConcernReportMissing().message).endswith(
        "Lagrum: socialtjänstlagen (2025:400), tidigare 14 kap. 1 § SoL (2001:453) "
        "(ej kontrollerad)."
    )


def test_a_reference_in_force_is_cited_as_itself():
    LegalReference.objects.filter(key="sol-2001-453-14-1").update(
        valid_until=timezone.localdate() + datetime.timedelta(days=30), verified=True
    )
    assert checkpoints.citation("sol-2001-453-14-1") == "14 kap. 1 § socialtjänstlagen (2001:453)"


def test_a_missing_reference_still_gives_a_message(caplog):
    LegalReference.objects.filter(key="sol-2001-453-14-1").delete()
    message = str(checkpoints.ChildConcernReportMissing().message)
    assert message.endswith("Lagrum: sol-2001-453-14-1 (ej kontrollerad).")
    assert "sol-2001-453-14-1" in caplog.text


def test_raising_a_checkpoint_asks_the_database_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        checkpoints.ChildConcernReportMissing()


@pytest.mark.parametrize("blocked", CITING, ids=lambda blocked: blocked.__name__)
def test_every_cited_reference_is_in_the_guidance(blocked):
    assert LegalReference.objects.filter(key=blocked.legal_reference).exists()
    assert "%(citation)s" in str(blocked.message)


def test_the_blocked_step_shows_the_corrected_citation(client, caseworker, make_draft):
    draft = make_draft(children={"children_in_household": True, "child_at_risk": True})
    client.force_login(caseworker)
    url = reverse("referrals:draft_step", args=[draft.pk, "children"])
    assert "Lagrum: socialtjänstlagen (2025:400), tidigare" in client.get(url).content.decode()
    LegalReference.objects.filter(key="sol-2025-400-anmalningsskyldighet").update(
        chapter="99", section="9"
    )
    assert "Lagrum: 99 kap. 9 § socialtjänstlagen (2025:400)" in client.get(url).content.decode()
