"""What the sources leave open is for the administrator's eyes, not the caseworker's."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from anhorigstod import roles
from guidance import models as m

pytestmark = pytest.mark.django_db

EDITED_MODELS = [
    m.TargetGroup,
    m.SupportForm,
    m.Topic,
    m.GoodPractice,
    m.District,
    m.InternalProvider,
    m.Service,
    m.LegalReference,
]


@pytest.mark.parametrize("model", EDITED_MODELS, ids=lambda model: model.__name__)
def test_editor_note_shows_in_the_admin_and_never_on_the_caseworkers_page(client_as, model):
    item = model.objects.exclude(editor_note="").first()
    assert item is not None, f"the fixtures give no {model.__name__} an editor's note"
    # The note's first sentence is enough to recognise it on a page.
    marker = escape(item.editor_note.split(".")[0][:60])
    label = model._meta.label_lower.replace(".", "_")

    admin_page = client_as(roles.ADMINISTRATOR).get(
        reverse(f"admin:{label}_change", args=[item.pk])
    )
    caseworker_page = client_as(roles.CASEWORKER).get(item.get_absolute_url())

    assert admin_page.status_code == 200
    assert marker in admin_page.content.decode()
    assert caseworker_page.status_code == 200
    assert marker not in caseworker_page.content.decode()
