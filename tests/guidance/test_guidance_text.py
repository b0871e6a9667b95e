"""The guidance a caseworker reads says what to do, and carries what the seeds give.

Remarks about what the sources lack belong in ``editor_note`` (admin only);
paragraph numbers are ``[lagrum:<key>]`` tokens; one pronoun ("hen"). The
content the seeds have and the portal lacked (the city's programme, the
figures on children as relatives, the survey's planned activities, the
Järva parent meetings) is on the pages where a caseworker looks for it.
"""

import json
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from anhorigstod import roles
from guidance import models as m
from guidance.loading import fixture_files

pytestmark = pytest.mark.django_db

# Fields a caseworker never reads: the admin-only note, keys and the source citation.
NOT_READ = {"editor_note", "key", "source_section", "note"}

SOURCE_REMARKS = [
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"\bkällorna (säger|anger|beskriver|nämner)\b",
        r"\bkällan (säger|anger|beskriver|nämner)\b",
        r"\bkälldokumenten (säger|anger|beskriver|nämner)\b",
        r"\b(säger|anger|beskriver|nämner|namnger) (inte|inga|inget|varken)\b",
        r"\bframgår inte\b",
        r"\bstår inte i (stödmaterialet|källan|källorna|kartläggningen)\b",
        r"\b(stödmaterialet|källan|källorna|kartläggningen) ger bara\b",
        r"\bnamnges inte\b",
        r"\bgår inte närmare in\b",
    )
]
PRONOUN = re.compile(r"\bhon eller han\b", re.IGNORECASE)
PARAGRAPH = re.compile(r"§|\b\d+\s*kap\.\s*\d+")
TOKEN = re.compile(r"\[lagrum:([a-z0-9-]+)\]")
WORDING_THE_SEEDS_DO_NOT_SUPPORT = [
    re.compile(r"sjukvården (ska |måste )?ta(r)? över", re.IGNORECASE),
    re.compile(r"samma handläggare (ska|får) inte|(ska|får) samma handläggare inte", re.IGNORECASE),
    re.compile(r"Socialtjänsten i [\w-]+ stadsdelsförvaltning"),
]
# Where paragraph numbers belong: the legal references themselves.
LAW_FIXTURE = "10_legal_references.json"

TEMPLATE_DIR = Path(settings.BASE_DIR) / "templates"


def _read_texts(path: Path):
    """(label, text) for every text field a caseworker reads in one fixture file."""
    for entry in json.loads(path.read_text(encoding="utf-8")):
        fields = entry["fields"]
        label = f"{path.name}:{fields.get('key') or fields.get('code')}"
        for name, value in fields.items():
            if name not in NOT_READ and isinstance(value, str):
                yield f"{label}.{name}", value


def _hits(texts, patterns):
    return [
        f"{label}: {pattern.search(text).group(0)!r}"
        for label, text in texts
        for pattern in patterns
        if pattern.search(text)
    ]


@pytest.mark.parametrize("path", fixture_files(), ids=lambda path: path.name)
def test_fixture_text_has_no_remarks_about_the_sources(path):
    assert _hits(_read_texts(path), SOURCE_REMARKS) == []


@pytest.mark.parametrize("path", fixture_files(), ids=lambda path: path.name)
def test_fixture_text_uses_hen(path):
    assert _hits(_read_texts(path), [PRONOUN]) == []


@pytest.mark.parametrize(
    "path",
    [path for path in fixture_files() if path.name != LAW_FIXTURE],
    ids=lambda path: path.name,
)
def test_fixture_text_cites_law_by_token_not_by_paragraph(path):
    assert _hits(_read_texts(path), [PARAGRAPH]) == []


@pytest.mark.parametrize("path", fixture_files(), ids=lambda path: path.name)
def test_fixture_text_keeps_to_what_the_seeds_say(path):
    assert _hits(_read_texts(path), WORDING_THE_SEEDS_DO_NOT_SUPPORT) == []


def test_the_scan_would_catch_a_remark():
    texts = [("x.body", "Kartläggningen beskriver inte samverkan närmare.")]
    assert _hits(texts, SOURCE_REMARKS)
    assert _hits([("x.body", "om hon eller han hör")], [PRONOUN])
    assert _hits([("x.body", "genast (14 kap. 1 § SoL 2001:453)")], [PARAGRAPH])
    assert not _hits([("x.body", "Uppgift saknas – fråga mottagningen.")], SOURCE_REMARKS)


def test_templates_have_no_remarks_about_the_sources_and_use_hen():
    templates = [
        (str(path.relative_to(TEMPLATE_DIR)), path.read_text(encoding="utf-8"))
        for path in sorted(TEMPLATE_DIR.rglob("*.html"))
    ]
    assert templates
    assert _hits(templates, [*SOURCE_REMARKS, PRONOUN]) == []


def test_editor_notes_keep_what_the_text_no_longer_says():
    """The remarks moved to the admin-only note rather than vanishing."""
    notes = {
        "humlan-svenska-kyrkan": m.GoodPractice,
        "skilda-varldar": m.GoodPractice,
        "criminal-thinking-programme": m.Method,
        "gender-equality": m.Topic,
        "guardians-minor-children": m.SupportForm,
    }
    for key, model in notes.items():
        assert model.objects.get(key=key).editor_note.strip(), key


def _models_citing_law():
    for model in apps.get_app_config("guidance").get_models():
        if issubclass(model, m.GuidanceItem) and any(
            f.name == "legal_references" for f in model._meta.many_to_many
        ):
            yield model


def _item_text(item) -> str:
    return "\n".join(
        str(getattr(item, f.name))
        for f in item._meta.concrete_fields
        if f.name not in NOT_READ and isinstance(getattr(item, f.name), str)
    )


def test_every_token_names_a_reference_the_item_links():
    """Each item's legal_references include every law its text cites."""
    known = set(m.LegalReference.objects.values_list("key", flat=True))
    missing = []
    cited = 0
    for model in _models_citing_law():
        for item in model.objects.prefetch_related("legal_references"):
            tokens = set(TOKEN.findall(_item_text(item)))
            cited += len(tokens)
            linked = {ref.key for ref in item.legal_references.all()}
            missing += [f"{item.key}: {key}" for key in tokens - linked]
            missing += [f"{item.key}: unknown {key}" for key in tokens - known]
    assert cited >= 5
    assert missing == []


def test_the_assessed_support_form_has_no_paragraph_in_its_name():
    form = m.SupportForm.objects.get(key="assessed-intervention")
    assert form.name == "Biståndsbedömd insats"
    assert "sol-2001-453-4-1" in form.legal_references.values_list("key", flat=True)


JARGON = {
    # term: what shows it is explained on the same page
    "SIG": "insatsgrupp",
    "BRA-samtal": "rätt som anhörig",
    "timeout": "drar in",
    "Lyssna in": "det vill säga",
}
PAGE_MODELS = [m.TargetGroup, m.EntryRoute, m.SupportForm, m.Method, m.Topic, m.GoodPractice]


def test_jargon_is_explained_on_the_page_where_it_appears():
    unexplained = []
    for model in PAGE_MODELS:
        for item in model.objects.all():
            text = _item_text(item)
            unexplained += [
                f"{model.__name__} {item.key}: {term}"
                for term, explanation in JARGON.items()
                if re.search(rf"\b{re.escape(term)}\b", text) and explanation not in text
            ]
    assert unexplained == []


@pytest.fixture
def caseworker_client(client_as):
    return client_as(roles.CASEWORKER)


def _page(client, url_name, key) -> str:
    response = client.get(reverse(f"guidance:{url_name}", args=[key]))
    assert response.status_code == 200
    return response.content.decode()


PROGRAMME_URL = (
    "https://edokmeetings.stockholm.se/welcome-sv/namnder-styrelser/kommunfullmaktige/"
    "mote-2021-06-14/agenda/bilaga-2-stockholms-stads-program-for-stod-till-anhoriga-2021-2024-"
    "slutversionpdf?downloadMode=open"
)


def test_the_citys_programme_is_a_topic_that_says_its_period_has_ended(caseworker_client):
    topic = m.Topic.objects.get(key="relative-support-programme-2021-2024")
    assert topic.category == m.Topic.Category.ORGANISATION
    assert topic.source_document.seed_file.startswith("002_")
    page = _page(caseworker_client, "topic_detail", topic.key)
    assert PROGRAMME_URL.replace("&", "&amp;") in page or PROGRAMME_URL in page
    assert "Kapitel 5 Stöd till anhöriga" in page
    assert "har gått ut" in page
    assert "nyare program" in page


CHILD_FIGURES = ["8 procent", "17 procent", "mer än dubbelt så många"]


def test_the_children_topic_gives_the_figures_and_the_finding_with_sources(caseworker_client):
    topic = m.Topic.objects.get(key="children-as-relatives")
    assert topic.source_document.key == "kartlaggning-2022"
    assert "Anhöriga barn – en angelägen grupp att stötta" in topic.source_section
    page = _page(caseworker_client, "topic_detail", topic.key)
    for figure in [*CHILD_FIGURES, "Rätt stöd i rätt tid"]:
        assert figure in page, figure
    assert page.count("Källa: ") >= 2
    assert "Nationellt kompetenscentrum anhöriga (NKA)" in page


def test_the_children_target_group_gives_the_figures_with_their_source(caseworker_client):
    group = m.TargetGroup.objects.get(key="children-as-relatives")
    assert "Anhöriga barn – en angelägen grupp att stötta" in group.source_section
    page = _page(caseworker_client, "target_group_detail", group.key)
    for figure in CHILD_FIGURES:
        assert figure in page.lower(), figure
    assert "Källa: Socialstyrelsen och Nationellt kompetenscentrum anhöriga" in page


def test_the_development_page_lists_the_planned_activities(caseworker_client):
    topic = m.Topic.objects.get(key="what-districts-lack")
    assert "Kommande aktiviteter" in topic.source_section
    page = _page(caseworker_client, "topic_detail", topic.key)
    assert "broschyr om Stockholms stads stöd till anhöriga" in page
    assert "information om stöd till anhöriga på stadens webbplats" in page
    assert "Kontrollera med anhörigkonsulenten" in page


@pytest.mark.parametrize("district", ["rinkeby-kista", "spanga-tensta"])
def test_the_jarva_parent_meetings_are_on_both_district_pages(caseworker_client, district):
    practice = m.GoodPractice.objects.get(key="foraldratraffar-jarva")
    assert set(practice.districts.values_list("key", flat=True)) == {
        "rinkeby-kista",
        "spanga-tensta",
    }
    page = _page(caseworker_client, "district_detail", district)
    assert practice.get_absolute_url() in page
    assert practice.title in page
