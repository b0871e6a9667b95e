"""The guidance fixtures: every item cites a source, links resolve, facts are there."""

import json
from collections import Counter

import pytest
from django.apps import apps

from guidance import models as m
from guidance.loading import fixture_files

pytestmark = pytest.mark.django_db

GENERAL_KNOWLEDGE = "allman-kannedom"

CITED_MODELS = [
    model
    for model in apps.get_app_config("guidance").get_models()
    if issubclass(model, m.GuidanceItem)
]


def _natural_key(entry: dict) -> str:
    """A guidance item's key, a language's code or a search synonym's word."""
    fields = entry["fields"]
    return fields.get("key") or fields.get("code") or fields.get("word")


def test_fixture_files_are_valid_json_without_primary_keys():
    for path in fixture_files():
        for entry in json.loads(path.read_text(encoding="utf-8")):
            assert "pk" not in entry, f"{path.name}: use natural keys, not pk"
            assert _natural_key(entry), path.name


def test_natural_keys_are_unique_across_fixture_files():
    keys = Counter()
    for path in fixture_files():
        for entry in json.loads(path.read_text(encoding="utf-8")):
            keys[(entry["model"], _natural_key(entry))] += 1
    assert [key for key, count in keys.items() if count > 1] == []


@pytest.mark.parametrize("model", CITED_MODELS, ids=lambda model: model.__name__)
def test_every_item_cites_document_and_section(model):
    items = list(model.objects.select_related("source_document"))
    assert items, f"no {model.__name__} loaded"
    for item in items:
        assert item.source_section.strip(), item.key
        if item.source_document.key == GENERAL_KNOWLEDGE:
            # Only well-known national numbers may come from outside the seeds,
            # and each says so where the caseworker sees it.
            assert isinstance(item, m.Service), item.key
            assert item.contact_details_source.startswith("Allmänt känt"), item.key
            assert item.last_verified_at is None, item.key
            continue
        assert item.source_document.seed_file, item.key


def test_every_directory_service_has_a_way_to_contact_it():
    services = list(m.Service.objects.all())
    assert len(services) >= 15
    assert [s.key for s in services if not s.has_contact_route] == []


def test_every_organisation_offers_a_service():
    assert list(m.Organisation.objects.filter(services__isnull=True)) == []


def test_the_four_target_groups_and_three_entry_routes():
    assert set(m.TargetGroup.objects.values_list("key", flat=True)) == {
        "vbe",
        "criminal-lifestyle",
        "shootings-and-lethal-violence",
        "children-as-relatives",
    }
    routes = dict(m.EntryRoute.objects.values_list("key", "consent_required"))
    assert routes == {
        "relative-contacted": False,
        "noticed-through-person": True,
        "information-other-way": False,
    }


def test_thirteen_districts_and_which_have_sig():
    assert m.District.objects.count() == 13
    assert set(m.District.objects.filter(has_sig=True).values_list("name", flat=True)) == {
        "Enskede-Årsta-Vantör",
        "Farsta",
        "Hässelby-Vällingby",
        "Rinkeby-Kista",
        "Skarpnäck",
        "Skärholmen",
        "Spånga-Tensta",
    }
    # A district that buys SIG must buy it from one that has it.
    for district in m.District.objects.filter(sig_provided_by__isnull=False):
        assert not district.has_sig
        assert district.sig_provided_by.has_sig


def test_all_eight_good_practice_examples_of_the_stodmaterial():
    examples = m.GoodPractice.objects.filter(source_document__key="stodmaterial-2021")
    assert examples.count() >= 8
    organisations = " ".join(examples.values_list("organisation", flat=True))
    for name in (
        "Hässelby-Vällingby",
        "Skärholmen",
        "Spånga-Tensta",
        "Rinkeby-Kista",
        "Malmö",
        "Örebro",
        "Polis",
        "Rädda",
    ):
        assert name in organisations, name


def test_every_replaced_law_points_at_its_successor():
    old = m.LegalReference.objects.filter(sfs_number="2001:453")
    assert old.exists()
    for reference in old:
        assert reference.valid_until is not None, reference.key
        assert reference.replaced_by is not None, reference.key
        assert reference.replaced_by.sfs_number == "2025:400"


def test_unchecked_references_to_the_new_law_are_marked_unverified():
    for reference in m.LegalReference.objects.filter(sfs_number="2025:400", section=""):
        assert not reference.verified, reference.key


SEED_DIRECTORY_URLS = [
    "aleris.se",
    "brottsofferjouren.se",
    "brottsoffermyndigheten.se",
    "bufff.nu",
    "Capio-Centrum-for-stress-och-trauma",
    "fryshuset.se",
    "fateg.se",
    "rkuf.se",
    "jourhavande-medmanniska.se",
    "anhoriga.se",
    "rav.se",
    "raddabarnen.se",
    "svenskakyrkan.se",
    "1177.se",
]


@pytest.mark.parametrize("fragment", SEED_DIRECTORY_URLS)
def test_the_stodmaterial_contact_list_is_in_the_directory(fragment):
    assert m.Service.objects.filter(url__icontains=fragment).exists() or (
        m.Organisation.objects.filter(website__icontains=fragment).exists()
    )


def test_the_seed_phone_number_is_in_the_directory():
    assert m.Service.objects.filter(phone__contains="08-702 16 80").exists()
