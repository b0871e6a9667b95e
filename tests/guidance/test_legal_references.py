"""Law that is current, or says that it is not.

A ``[lagrum:<key>]`` token in guidance text is shown as the reference in its
current form; a repealed rule is never "kontrollerad"; the rules in force come
first on every database; and no paragraph of law is written anywhere but in a
``LegalReference`` row.
"""

import datetime
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.urls import reverse

from anhorigstod import roles
from guidance import legal, selectors
from guidance import models as m
from guidance.templatetags.guidance_tags import guidance_text

ROOT = Path(settings.BASE_DIR)
PAST = datetime.date(2025, 6, 30)


def reference(key, *, chapter="", section="", sfs="2025:400", verified=False, until=None):
    return m.LegalReference(
        key=key,
        law="Socialtjänstlagen",
        abbreviation="SoL",
        sfs_number=sfs,
        chapter=chapter,
        section=section,
        title=key,
        verified=verified,
        valid_until=until,
    )


@pytest.fixture
def new_rule():
    return reference("new-rule", chapter="11", section="1", verified=True)


@pytest.fixture
def old_rule(new_rule):
    old = reference("old-rule", chapter="4", section="1", sfs="2001:453", verified=True, until=PAST)
    old.replaced_by = new_rule
    return old


# The rule, without a database ------------------------------------------------


def test_a_rule_in_force_reads_as_its_citation(new_rule):
    form = legal.current_form(new_rule)
    assert form.text == "11 kap. 1 § socialtjänstlagen (2025:400)"
    assert form.checked


def test_a_repealed_rule_reads_as_its_replacement_then_the_old_paragraph(old_rule):
    form = legal.current_form(old_rule)
    assert form.shown.key == "new-rule"
    assert form.text == (
        "11 kap. 1 § socialtjänstlagen (2025:400), tidigare 4 kap. 1 § SoL (2001:453)"
    )


def test_a_replacement_without_chapter_is_cited_by_its_law(old_rule):
    old_rule.replaced_by.chapter = old_rule.replaced_by.section = ""
    assert legal.current_form(old_rule).text == (
        "socialtjänstlagen (2025:400), tidigare 4 kap. 1 § SoL (2001:453)"
    )


def test_a_repealed_rule_without_replacement_says_so_and_is_never_checked():
    old = reference("old", chapter="4", section="1", sfs="2001:453", verified=True, until=PAST)
    form = legal.current_form(old)
    assert form.text == "4 kap. 1 § socialtjänstlagen (2001:453), upphävd 2025-06-30"
    assert not form.checked
    assert form.plain.endswith("(ej kontrollerad)")


def test_repealed_means_the_last_day_is_past():
    rule = reference("rule", until=datetime.date(2030, 1, 1))
    assert not legal.is_repealed(rule, today=datetime.date(2030, 1, 1))
    assert legal.is_repealed(rule, today=datetime.date(2030, 1, 2))
    assert not legal.is_repealed(reference("open"))


def test_text_is_cut_at_its_tokens(new_rule):
    parts = legal.parts("Se [lagrum:new-rule] och [lagrum:nope].", {"new-rule": new_rule})
    assert parts == ["Se ", new_rule, " och ", None, "."]
    assert legal.token_keys("[lagrum:a] [lagrum:b] [lagrum:a]") == ["a", "b"]


def test_a_token_renders_linked_in_current_form(old_rule):
    html = legal.render_inline("Enligt [lagrum:old-rule].", {"old-rule": old_rule})
    url = reverse("guidance:legal_reference_list") + "#new-rule"
    assert html == (
        f'Enligt <a class="legal-reference-link" href="{url}">'
        "11 kap. 1 § socialtjänstlagen (2025:400), tidigare 4 kap. 1 § SoL (2001:453)</a>."
    )


def test_an_unverified_row_shown_is_marked(old_rule):
    old_rule.replaced_by.verified = False
    html = legal.render_inline("[lagrum:old-rule]", {"old-rule": old_rule})
    assert 'class="badge text-bg-warning legal-unchecked">ej kontrollerad</span>' in html


def test_an_unknown_key_is_visible_and_does_not_crash():
    html = legal.render_inline("Se [lagrum:finns-inte].", {})
    assert "(lagrum saknas)" in html
    assert "finns-inte" not in html


def test_the_text_around_a_token_is_escaped(new_rule):
    html = legal.render_inline("<script>x</script> & [lagrum:new-rule]", {"new-rule": new_rule})
    assert "<script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt; &amp; <a " in html


def test_a_reference_with_markup_in_its_law_is_escaped(new_rule):
    new_rule.law = "<b>Lag</b>"
    html = legal.render_inline("[lagrum:new-rule]", {"new-rule": new_rule})
    assert "<b>" not in html
    assert "&lt;b&gt;" in html


# The filter and the database -------------------------------------------------


@pytest.mark.django_db
def test_guidance_text_fetches_all_references_in_one_query(django_assert_num_queries):
    text = (
        "Stöd ges enligt [lagrum:sol-2001-453-4-1].\n\n"
        "- Anmäl genast: [lagrum:sol-2001-453-14-1]\n"
        "- Sekretess: [lagrum:osl-2009-400-26-1] och [lagrum:saknas-helt]"
    )
    with django_assert_num_queries(1):
        html = str(guidance_text(text))
    assert "socialtjänstlagen (2025:400), tidigare 4 kap. 1 § SoL (2001:453)" in html
    assert "tidigare 14 kap. 1 § SoL (2001:453)" in html
    assert "<li>Sekretess: <a " in html
    assert "(lagrum saknas)" in html
    assert html.count("ej kontrollerad") == 3


@pytest.mark.django_db
def test_guidance_text_without_tokens_asks_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert str(guidance_text("Bara text & <b>")) == "<p>Bara text &amp; &lt;b&gt;</p>"


@pytest.mark.django_db
def test_a_checked_rule_in_force_has_no_mark():
    m.LegalReference.objects.filter(key="sol-2025-400-bistand").update(verified=True)
    html = str(guidance_text("[lagrum:sol-2001-453-4-1]"))
    assert "11 kap. 1 § socialtjänstlagen (2025:400), tidigare 4 kap. 1 § SoL (2001:453)" in html
    assert "ej kontrollerad" not in html


@pytest.mark.django_db
def test_the_model_gives_its_current_form():
    old = m.LegalReference.objects.get(key="sol-2001-453-14-1")
    assert old.is_repealed
    assert old.current_form().shown.key == "sol-2025-400-anmalningsskyldighet"
    assert not m.LegalReference.objects.get(key="sol-2025-400-anmalningsskyldighet").is_repealed


# Order, badges and validation --------------------------------------------------


@pytest.mark.django_db
def test_rules_in_force_come_first_on_this_database():
    """Runs on SQLite and, with DATABASE_URL set, on PostgreSQL (CI runs both)."""
    rows = list(selectors.legal_references())
    in_force = [not row.is_repealed for row in rows]
    assert in_force == sorted(in_force, reverse=True), [row.key for row in rows]
    assert any(in_force) and not all(in_force)


@pytest.mark.django_db
def test_the_selector_keeps_the_models_order():
    assert selectors.legal_references().query.order_by == ()


@pytest.mark.django_db
def test_a_repealed_rule_cannot_be_marked_verified():
    old = m.LegalReference.objects.get(key="sol-2001-453-4-1")
    old.verified = True
    with pytest.raises(ValidationError) as error:
        old.full_clean()
    assert "verified" in error.value.message_dict
    assert "upphävd" in error.value.message_dict["verified"][0]
    old.valid_until = None
    old.full_clean()


@pytest.mark.django_db
def test_the_admin_shows_the_refusal_next_to_the_box(client_as):
    client = client_as(roles.ADMINISTRATOR)
    old = m.LegalReference.objects.get(key="sol-2001-453-4-1")
    url = reverse("admin:guidance_legalreference_change", args=[old.pk])
    form = client.get(url).context["adminform"].form
    data = {
        name: ("" if value is None else value)
        for name, value in form.initial.items()
        if name in form.fields
    }
    data.update(
        verified="on", source_document=old.source_document_id, replaced_by=old.replaced_by_id
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "verified" in response.context["adminform"].form.errors
    old.refresh_from_db()
    assert not old.verified


@pytest.mark.django_db
def test_no_repealed_row_in_the_fixtures_is_verified():
    for row in m.LegalReference.objects.all():
        assert not (row.verified and row.is_repealed), row.key


def _section(page: str, key: str) -> str:
    start = page.index(f'<section id="{key}"')
    return page[start : page.index("</section>", start)]


@pytest.mark.django_db
def test_the_lagrum_page_shows_a_repealed_rule_as_replaced(client_as):
    page = client_as(roles.CASEWORKER).get(reverse("guidance:legal_reference_list"))
    html = page.content.decode()
    old = _section(html, "sol-2001-453-4-1")
    assert "Upphävd 2025-06-30, ersatt av" in old
    url = reverse("guidance:legal_reference_list") + "#sol-2025-400-bistand"
    assert f'href="{url}"' in old
    assert "Kontrollerad</span>" not in old
    assert html.index('id="sol-2025-400-bistand"') < html.index('id="sol-2001-453-4-1"')


@pytest.mark.django_db
def test_a_repealed_rule_shows_no_green_badge_even_if_ticked_in_the_database(client_as):
    m.LegalReference.objects.filter(key="sol-2001-453-14-1").update(verified=True)
    html = client_as(roles.CASEWORKER).get(reverse("guidance:legal_reference_list"))
    old = _section(html.content.decode(), "sol-2001-453-14-1")
    assert "text-bg-success" not in old
    assert "Upphävd 2025-06-30" in old


@pytest.mark.django_db
def test_a_checked_rule_in_force_shows_the_green_badge(client_as):
    m.LegalReference.objects.filter(key="sol-2025-400-bistand").update(verified=True)
    html = client_as(roles.CASEWORKER).get(reverse("guidance:legal_reference_list"))
    assert "text-bg-success" in _section(html.content.decode(), "sol-2025-400-bistand")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model, key",
    [(m.EntryRoute, "relative-contacted"), (m.Topic, "duty-to-report-child-concern")],
)
def test_the_partial_shows_a_repealed_rule_as_replaced(client_as, model, key):
    m.LegalReference.objects.filter(sfs_number="2001:453").update(verified=True)
    item = model.objects.get(key=key)
    html = client_as(roles.CASEWORKER).get(item.get_absolute_url()).content.decode()
    part = html[html.index('<section aria-labelledby="lagrum">') :]
    part = part[: part.index("</section>")]
    assert "Upphävd 2025-06-30, ersatt av" in part
    assert "socialtjänstlagen (2025:400)" in part
    assert "text-bg-success" not in part
    assert "ej kontrollerad" in part


@pytest.mark.django_db
def test_the_template_tag_renders_the_current_form():
    old = m.LegalReference.objects.select_related("replaced_by").get(key="sol-2001-453-5-10")
    html = Template("{% load guidance_tags %}{% legal_reference ref %}").render(
        Context({"ref": old})
    )
    assert "socialtjänstlagen (2025:400), tidigare 5 kap. 10 § SoL (2001:453)" in html


# No paragraph numbers outside LegalReference --------------------------------

PARAGRAPH = [
    re.compile(r"\d+\s*kap\."),
    re.compile(r"\d+\s*§"),
    re.compile(r"SoL\s*\(?2001:453"),
]
FIXTURES = sorted((ROOT / "fixtures" / "guidance").glob("*.json"))
TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))
PYTHON = sorted(
    path
    for package in ("guidance", "referrals", "anhorigstod")
    for path in (ROOT / package).rglob("*.py")
    if "migrations" not in path.parts
)


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


def _fixture_texts(path: Path):
    for row in json.loads(path.read_text(encoding="utf-8")):
        if row["model"] == "guidance.legalreference":
            continue
        for text in _strings(row.get("fields", {})):
            yield f"{row['model']} {row['fields'].get('key', row.get('pk', ''))}", text


def _citations(text: str) -> list[str]:
    return [match.group(0) for pattern in PARAGRAPH for match in pattern.finditer(text)]


def test_the_scan_finds_a_paragraph():
    assert _citations("enligt 14 kap. 1 § SoL 2001:453")
    assert _citations("(5 kap. 10 § SoL (2001:453))")
    assert not _citations("Enligt [lagrum:sol-2001-453-14-1], kontakta 08-508 00 000.")


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: path.name)
def test_no_paragraph_in_fixture_text(path):
    found = [(where, hit) for where, text in _fixture_texts(path) for hit in _citations(text)]
    assert not found, f"{path.name}: write [lagrum:<key>] instead of {found}"


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_paragraph_in_templates(path):
    assert not _citations(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", PYTHON, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_paragraph_in_python(path):
    assert not _citations(path.read_text(encoding="utf-8"))


def test_every_token_in_the_fixtures_names_a_legal_reference():
    keys = {
        row["fields"]["key"]
        for row in json.loads(
            (ROOT / "fixtures" / "guidance" / "10_legal_references.json").read_text("utf-8")
        )
    }
    tokens = {
        (path.name, key)
        for path in FIXTURES
        for _where, text in _fixture_texts(path)
        for key in legal.token_keys(text)
    }
    missing = sorted((name, key) for name, key in tokens if key not in keys)
    assert not missing


@pytest.mark.django_db
def test_the_search_index_holds_the_current_form_not_the_token():
    from guidance.search import index

    topic = m.Topic.objects.first()
    topic.body = "Gör en anmälan genast, se [lagrum:sol-2001-453-14-1]."
    topic.save()
    index(topic)
    document = m.SearchDocument.objects.get(kind="topic", object_key=topic.key)
    assert "[lagrum:" not in document.body
    assert "tidigare 14 kap. 1 § SoL (2001:453)" in document.body
