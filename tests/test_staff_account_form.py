"""A staff account in one screen: role and workplace with the account (issue 15, ask 8)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from anhorigstod import roles
from anhorigstod.models import AccountState
from audit.models import AuditEvent
from guidance.models import District, InternalProvider
from referrals.models import StaffProfile
from referrals.staff_forms import workplace_errors

pytestmark = pytest.mark.django_db
User = get_user_model()
ADD = "admin:auth_user_add"
PASSWORD = "Ett-tillfälligt-lösenord-2026"


@pytest.fixture
def user_admin_client(client_as):
    return client_as(roles.USER_ADMINISTRATOR)


@pytest.fixture
def consultant_unit():
    return InternalProvider.objects.get(key="relative-support-consultant")


def form_data(**changes):
    data = {
        "username": "sara",
        "first_name": "Sara",
        "last_name": "Lind",
        "email": "sara.lind@example.se",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "role": roles.CASEWORKER,
        "provider": "",
        "district": District.objects.get(key="farsta").pk,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def errors(response) -> dict:
    assert response.status_code == 200
    return response.context["adminform"].form.errors


def test_the_add_page_is_one_screen_in_swedish(user_admin_client):
    page = user_admin_client.get(reverse(ADD)).content.decode()
    for label in ("Roll", "Enhet", "Stadsdelsförvaltning", "E-postadress", "Anhörigkonsulent"):
        assert label in page
    assert "bytas vid första inloggningen" in page or "första inloggningen" in page
    assert "After you" not in page
    assert "Password-based authentication" not in page


def test_a_caseworker_is_created_with_role_and_workplace_in_one_post(user_admin_client):
    response = user_admin_client.post(reverse(ADD), form_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:auth_user_changelist")

    sara = User.objects.get(username="sara")
    assert list(sara.groups.values_list("name", flat=True)) == [roles.CASEWORKER]
    assert sara.get_full_name() == "Sara Lind" and sara.email == "sara.lind@example.se"
    assert not sara.is_staff
    assert sara.check_password(PASSWORD)
    assert sara.has_perm(roles.WALK_GUIDED_PATH)
    profile = StaffProfile.objects.get(user=sara)
    assert profile.district.key == "farsta" and profile.provider is None
    # A password set by someone else is changed at the first sign-in (ADR 0009).
    assert AccountState.objects.get(user=sara).password_change_required
    recorded = set(AuditEvent.objects.filter(subject_user=sara).values_list("action", flat=True))
    assert {AuditEvent.Action.USER_CREATED, AuditEvent.Action.ROLES_CHANGED} <= recorded


def test_a_consultant_gets_the_unit_whose_referrals_they_receive(
    user_admin_client, consultant_unit
):
    response = user_admin_client.post(
        reverse(ADD),
        form_data(username="kalle", role=roles.CONSULTANT, provider=consultant_unit.pk),
    )
    assert response.status_code == 302
    kalle = User.objects.get(username="kalle")
    assert kalle.staff_profile.provider == consultant_unit
    assert kalle.has_perm(roles.RECEIVE_REFERRALS)


def test_an_administrator_may_sign_in_to_the_admin(user_admin_client):
    response = user_admin_client.post(
        reverse(ADD), form_data(username="adam", role=roles.ADMINISTRATOR, district="")
    )
    assert response.status_code == 302
    assert User.objects.get(username="adam").is_staff


def test_without_a_role_no_account_is_made(user_admin_client):
    response = user_admin_client.post(reverse(ADD), form_data(role=None))
    assert "role" in errors(response)
    assert not User.objects.filter(username="sara").exists()


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"role": roles.CONSULTANT}, "provider", "Välj enheten"),
        ({"role": roles.ADMINISTRATOR, "provider": "consultant"}, "provider", "Lämna Enhet tom"),
        ({"role": roles.CONSULTANT, "provider": "consultant", "district": ""}, "district", "Välj"),
        ({"password1": "abc", "password2": "abc"}, "password2", "lösenord"),
        ({"password2": "något-annat-lösenord"}, "password2", "lösenord"),
    ],
)
def test_bad_input_is_refused_in_swedish_next_to_the_field_and_kept(
    user_admin_client, consultant_unit, changes, field, words
):
    if changes.get("provider") == "consultant":
        changes["provider"] = consultant_unit.pk
    response = user_admin_client.post(reverse(ADD), form_data(**changes))
    form_errors = errors(response)
    assert field in form_errors
    assert words.lower() in " ".join(form_errors[field]).lower()
    assert not User.objects.filter(username="sara").exists()
    # Nothing typed is lost.
    form = response.context["adminform"].form
    assert form["first_name"].value() == "Sara" and form["email"].value() == "sara.lind@example.se"


def test_a_city_wide_unit_has_no_district():
    unit = InternalProvider.objects.filter(city_wide=True).first()
    farsta = District.objects.get(key="farsta")
    assert "district" in workplace_errors(roles.CONSULTANT, unit, farsta)
    assert workplace_errors(roles.CONSULTANT, unit, None) == {}
    assert workplace_errors(roles.CASEWORKER, None, farsta) == {}
    assert workplace_errors(roles.USER_ADMINISTRATOR, None, None) == {}


def test_the_guidance_administrator_cannot_add_accounts(client_as):
    assert client_as(roles.ADMINISTRATOR).get(reverse(ADD)).status_code == 403


def test_the_workplace_inline_explains_the_unit_for_each_role(user_admin_client, caseworker):
    page = user_admin_client.get(reverse("admin:auth_user_change", args=[caseworker.pk]))
    html = page.content.decode()
    assert "Anhörigkonsulent: den enhet vars hänvisningar" in html
    assert "Handläggare: den egna enheten" in html


class TestTheChangePageChecksTheWorkplaceAgainstTheRole:
    """Changing a role or a workplace later follows the same rules as the add page."""

    def _formset(self, user, *, groups, provider="", district=""):
        from django.forms import inlineformset_factory
        from django.http import QueryDict

        from referrals.staff_forms import WorkplaceFormSet

        factory = inlineformset_factory(
            User,
            StaffProfile,
            formset=WorkplaceFormSet,
            fields=["provider", "district"],
            can_delete=False,
            max_num=1,
        )
        data = QueryDict(mutable=True)
        data.update(
            {
                "profile-TOTAL_FORMS": "1",
                "profile-INITIAL_FORMS": "0",
                "profile-0-provider": str(provider),
                "profile-0-district": str(district),
            }
        )
        for name in groups:
            data.update({"groups": str(Group.objects.get(name=name).pk)})
        return factory(data, instance=user, prefix="profile")

    def test_a_consultant_without_a_unit_is_refused(self, make_user):
        user = make_user(roles.CASEWORKER, username="kim")
        formset = self._formset(user, groups=[roles.CONSULTANT])
        assert not formset.is_valid()
        assert "Välj enheten" in formset.forms[0].errors["provider"][0]

    def test_an_administrator_with_a_unit_is_refused(self, make_user, consultant_unit):
        user = make_user(roles.CASEWORKER, username="kim")
        farsta = District.objects.get(key="farsta")
        formset = self._formset(
            user, groups=[roles.ADMINISTRATOR], provider=consultant_unit.pk, district=farsta.pk
        )
        assert not formset.is_valid()
        assert "Lämna Enhet tom" in formset.forms[0].errors["provider"][0]

    def test_a_consultant_with_a_unit_and_district_passes(self, make_user, consultant_unit):
        user = make_user(roles.CASEWORKER, username="kim")
        farsta = District.objects.get(key="farsta")
        formset = self._formset(
            user, groups=[roles.CONSULTANT], provider=consultant_unit.pk, district=farsta.pk
        )
        assert formset.is_valid(), formset.errors


def test_a_manager_is_created_with_a_district_and_no_unit(user_admin_client):
    response = user_admin_client.post(reverse(ADD), form_data(role=roles.MANAGER))
    assert response.status_code == 302

    chef = User.objects.get(username="sara")
    assert list(chef.groups.values_list("name", flat=True)) == [roles.MANAGER]
    assert not chef.is_staff
    assert chef.has_perm(roles.REGISTER_INCIDENT) and chef.has_perm(roles.FOLLOW_OUTREACH)
    assert not chef.has_perm(roles.WALK_GUIDED_PATH)
    profile = StaffProfile.objects.get(user=chef)
    assert profile.district.key == "farsta" and profile.provider is None


def test_a_manager_without_a_district_is_told_next_to_the_field(user_admin_client):
    response = user_admin_client.post(reverse(ADD), form_data(role=roles.MANAGER, district=""))
    page = response.content.decode()
    assert "Välj förvaltningen" in errors(response)["district"][0]
    assert "En chef registrerar händelser" in page
    assert 'value="sara.lind@example.se"' in page  # nothing typed is lost
    assert not User.objects.filter(username="sara").exists()


def test_the_manager_role_is_offered_with_what_it_does(user_admin_client):
    page = user_admin_client.get(reverse(ADD)).content.decode()
    assert "Chef – registrerar allvarliga händelser och följer uppsökande arbete" in page


def test_the_managers_workplace_rule():
    farsta = District.objects.get(key="farsta")
    assert workplace_errors(roles.MANAGER, None, farsta) == {}
    assert set(workplace_errors(roles.MANAGER, None, None)) == {"district"}
