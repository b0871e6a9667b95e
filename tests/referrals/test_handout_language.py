"""The relative's handout in the relative's language (Swedish, easy-to-read Swedish,
English), the version for a child with Bris, and the catalogues complete for both."""

import ast
import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.translation.template import templatize

from audit.models import AuditEvent
from referrals import handout
from referrals.models import Contact
from tests.factories import ContactFactory

LOCALE = Path(settings.BASE_DIR) / "locale"
HANDOUT_TEMPLATES = (
    "referrals/handout.html",
    "referrals/handout_child.html",
    "referrals/_handout_callback.html",
)
# Every handout language but Swedish (whose msgids are the Swedish text) and its
# catalogue directory, as Django names it (``translation.to_locale``).
CATALOGUES = {"en": "en", "sv-x-easy": "sv_X-easy"}
# How templatize writes a translated string: gettext(u'…').
GETTEXT_CALL = re.compile(r"""gettext\((u?'(?:[^'\\]|\\.)*'|u?"(?:[^"\\]|\\.)*")\)""")


def handout_strings() -> set[str]:
    """Every string the handout templates translate, as makemessages reads them."""
    found = set()
    for name in HANDOUT_TEMPLATES:
        path = Path(settings.BASE_DIR) / "templates" / name
        code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
        found |= {ast.literal_eval(match) for match in GETTEXT_CALL.findall(code)}
    return found


def compiled(directory: str) -> dict:
    with open(LOCALE / directory / "LC_MESSAGES" / "django.mo", "rb") as mo:
        return gettext.GNUTranslations(mo)._catalog  # type: ignore[attr-defined]


def test_the_handout_languages_are_swedish_easy_swedish_and_english():
    assert handout.language_codes() == ["sv", "sv-x-easy", "en"]
    assert [code for code, _name in settings.LANGUAGES] == ["sv"]  # the interface stays Swedish


def test_the_handout_strings_are_found():
    strings = handout_strings()
    assert "Ring Bris på %(phone)s." in strings
    assert "Stöd för dig som är anhörig" in strings
    assert len(strings) > 20


@pytest.mark.parametrize("directory", CATALOGUES.values())
def test_every_handout_string_has_its_translation_in_each_catalogue(directory):
    catalogue = compiled(directory)
    missing = sorted(s for s in handout_strings() if not catalogue.get(s, "").strip())
    assert missing == [], f"Untranslated in locale/{directory}: {missing}"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext is not installed")
@pytest.mark.parametrize("directory", CATALOGUES.values())
def test_each_compiled_catalogue_is_in_step_with_its_po_file(directory, tmp_path):
    po = LOCALE / directory / "LC_MESSAGES" / "django.po"
    subprocess.run(  # noqa: S603 - a fixed tool on a file of the project
        ["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(po)],  # noqa: S607
        check=True,
    )
    with open(tmp_path / "django.mo", "rb") as mo:
        assert gettext.GNUTranslations(mo)._catalog == compiled(directory)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("requested", "recorded", "expected"),
    [
        ("en", "sv", "en"),
        ("sv-x-easy", "en", "sv-x-easy"),
        (None, "en", "en"),
        ("klingon", "sv-x-easy", "sv-x-easy"),
        ("klingon", "gone", "sv"),
    ],
)
def test_the_language_is_the_one_asked_for_else_the_one_recorded(requested, recorded, expected):
    assert handout.handout_language(requested, Contact(handout_language=recorded)) == expected


@pytest.fixture
def printed(client):
    """The printed handout's text for a contact, in the language asked for."""

    def render(contact, language=None) -> str:
        client.force_login(contact.draft.owner)
        url = reverse("referrals:contact_handout", args=[contact.reference])
        response = client.get(url, {"language": language} if language else {})
        assert response.status_code == 200
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))

    return render


@pytest.mark.django_db
def test_the_handout_prints_in_english_and_the_language_is_recorded(printed):
    contact = ContactFactory()
    assert contact.handout_language == "sv"
    text = printed(contact, "en")
    assert "Support for you as a relative" in text
    assert "If you are in immediate danger, call 112." in text
    assert "Är du i akut fara" not in text
    assert "Tillbaka till den vanliga vyn" in text  # the caseworker's own page stays Swedish
    contact.refresh_from_db()
    assert contact.handout_language == "en"
    event = AuditEvent.objects.get(action=AuditEvent.Action.HANDOUT_PRINTED)
    assert event.details["language"] == "en"
    assert "If you are in immediate danger" in printed(contact)  # printed again: still English


@pytest.mark.django_db
def test_the_handout_prints_in_easy_swedish(printed):
    text = printed(ContactFactory(), "sv-x-easy")
    assert "Hjälp och stöd till dig" in text
    assert "Är du i fara just nu? Ring 112." in text
    assert 'lang="sv-x-easy"' not in text  # tags stripped; the page itself is checked below


@pytest.mark.django_db
def test_the_page_offers_the_three_languages_and_marks_the_handouts_language(client):
    contact = ContactFactory()
    client.force_login(contact.draft.owner)
    url = reverse("referrals:contact_handout", args=[contact.reference])
    page = client.get(url, {"language": "sv-x-easy"}).content.decode()
    assert '<article class="handout" lang="sv-x-easy">' in page
    for code, name in settings.HANDOUT_LANGUAGES:
        assert f'value="{code}"' in page
        assert name in page
    assert re.search(r'value="sv-x-easy"[^>]*selected', page)


@pytest.mark.django_db
def test_an_unknown_language_prints_swedish_and_records_nothing_new(printed):
    contact = ContactFactory()
    text = printed(contact, "xx")
    assert "Är du i akut fara, ring 112." in text
    contact.refresh_from_db()
    assert contact.handout_language == "sv"


CHILD_STEPS = {
    "relative": {"relative_is_child": "yes", "age_group": "0-12", "relation": "child"},
    "guardians": {"guardians_known": "yes", "guardians_informed": "all"},
    "child-view": {"child_view": "Jag vill prata med någon."},
}


@pytest.mark.django_db
def test_a_child_gets_the_childs_handout_with_bris_from_the_directory(printed):
    text = printed(ContactFactory(draft__steps=CHILD_STEPS))
    assert "Till dig som är barn eller ung" in text
    assert "Stöd för dig som är anhörig" not in text
    assert "Ring Bris på 116 111." in text  # the number of the directory's bris-stodlinje
    assert "Du kan vara anonym. Du behöver inte säga vem du är." in text
    assert "Är du i fara, ring 112." in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        (None, "När du ringer, säg koden {code}. Då vet vi att det är du."),
        ("en", "When you call, give the code {code}. Then we know it is you."),
    ],
)
def test_a_child_nobody_can_reach_gets_the_call_back_code(printed, language, sentence):
    contact = ContactFactory(draft__steps=CHILD_STEPS)
    assert contact.callback_code  # no phone, e-mail or address was given
    assert sentence.format(code=contact.callback_code) in printed(contact, language)


@pytest.mark.django_db
def test_a_child_who_can_be_reached_gets_no_code(printed):
    steps = {
        **CHILD_STEPS,
        "safe-contact": {"contact_channel": "phone", "relative_phone": "070-123 45 67"},
    }
    text = printed(ContactFactory(draft__steps=steps))
    assert "säg koden" not in text


@pytest.mark.django_db
def test_the_childs_handout_takes_bris_from_the_directory(printed):
    from guidance.models import Service

    Service.objects.filter(key=handout.BRIS_SERVICE_KEY).update(phone="116 000")
    assert "Ring Bris på 116 000." in printed(ContactFactory(draft__steps=CHILD_STEPS))


@pytest.mark.django_db
def test_the_childs_handout_in_english(printed):
    text = printed(ContactFactory(draft__steps=CHILD_STEPS), "en")
    assert "For you, a child or young person" in text
    assert "Call Bris on 116 111." in text
    assert "You can stay anonymous." in text
