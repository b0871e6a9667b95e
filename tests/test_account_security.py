"""Two-factor sign-in, recovery codes, separation of duties and account audit
(the security assessment of c11d077, findings 1, 2, 3 and 8)."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from anhorigstod import accounts, roles
from anhorigstod.models import AccountState, GroupSecurityPolicy, SecurityNotice
from audit.models import AuditEvent
from guidance.models import District, InternalProvider
from referrals.models import StaffProfile

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"
Action = AuditEvent.Action


def sign_in(client, username, password=PASSWORD, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def code(device) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def require_two_factor(role):
    GroupSecurityPolicy.objects.create(group=Group.objects.get(name=role), require_two_factor=True)


def events(action, **filters):
    return AuditEvent.objects.filter(action=action, **filters)


class TestEnrollingNeedsAVerifiedSession:
    """Finding 1: with an app on the account, a password alone added a second one."""

    @pytest.fixture
    def kim(self, make_user):
        require_two_factor(roles.CONSULTANT)
        user = make_user(roles.CONSULTANT, username="kim")
        TOTPDevice.objects.create(user=user, name="app", confirmed=True)
        return user

    def test_a_password_only_session_cannot_see_a_new_secret(self, client, kim):
        sign_in(client, "kim")
        response = client.get(reverse("two_factor_setup"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("two_factor_verify"))
        assert not TOTPDevice.objects.filter(user=kim, confirmed=False).exists()

    def test_a_password_only_session_cannot_confirm_a_second_device(self, client, kim):
        sign_in(client, "kim")
        # The attacker brings a device of their own and a valid code for it.
        rogue = TOTPDevice.objects.create(user=kim, name="rogue", confirmed=False)
        response = client.post(reverse("two_factor_setup"), {"token": code(rogue)})
        assert response["Location"].startswith(reverse("two_factor_verify"))
        rogue.refresh_from_db()
        assert not rogue.confirmed
        assert TOTPDevice.objects.filter(user=kim, confirmed=True).count() == 1
        assert client.get(reverse("referrals:inbox"))["Location"].startswith(
            reverse("two_factor_verify")
        )
        assert not events(Action.TWO_FACTOR_ADDED).exists()

    def test_after_the_code_a_new_app_replaces_the_old_and_is_recorded(self, client, kim):
        sign_in(client, "kim")
        old = TOTPDevice.objects.get(user=kim)
        client.post(reverse("two_factor_verify"), {"token": code(old)})
        assert client.get(reverse("two_factor_setup")).status_code == 200
        new = TOTPDevice.objects.get(user=kim, confirmed=False)
        response = client.post(reverse("two_factor_setup"), {"token": code(new)})
        assert response["Location"].startswith(reverse("two_factor_recovery_codes"))
        assert list(TOTPDevice.objects.filter(user=kim).values_list("pk", flat=True)) == [new.pk]
        added = events(Action.TWO_FACTOR_ADDED).get()
        assert added.subject_user == kim and added.details["replaced"] == 1
        assert added.details["before"] == {"app": True, "recovery_codes": 0}
        assert added.details["after"] == {"app": True, "recovery_codes": 10}
        assert SecurityNotice.objects.filter(
            user=kim, kind=SecurityNotice.Kind.DEVICE_ADDED
        ).exists()


class TestRecoveryCodes:
    def test_enrolment_shows_ten_codes_once_and_each_works_once(self, client, make_user):
        require_two_factor(roles.CASEWORKER)
        user = make_user(roles.CASEWORKER, username="hanna")
        sign_in(client, "hanna")
        client.get(reverse("two_factor_setup"))
        device = TOTPDevice.objects.get(user=user)
        client.post(reverse("two_factor_setup"), {"token": code(device)})
        page = client.get(reverse("two_factor_recovery_codes")).content.decode()
        codes = list(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
        assert len(codes) == 10 and all(recovery in page for recovery in codes)
        again = client.get(reverse("two_factor_recovery_codes")).content.decode()
        assert not any(recovery in again for recovery in codes)
        assert "10 oanvända reservkoder" in again
        client.post(reverse("logout"))

        # A lost phone: a recovery code signs in, once.
        sign_in(client, "hanna")
        response = client.post(reverse("two_factor_verify"), {"token": codes[0].upper()})
        assert response.status_code == 302
        assert client.get(reverse("referrals:my_contacts")).status_code == 200
        assert events(Action.RECOVERY_CODE_USED, subject_user=user).get().details["left"] == 9
        assert SecurityNotice.objects.filter(
            user=user, kind=SecurityNotice.Kind.RECOVERY_CODE_USED
        ).exists()
        client.post(reverse("logout"))
        sign_in(client, "hanna")
        reused = client.post(reverse("two_factor_verify"), {"token": codes[0]})
        assert reused.status_code == 200
        assert "Koden stämmer inte" in reused.content.decode()
        assert events(Action.TWO_FACTOR_FAILED, subject_user=user).count() == 1

    def test_new_codes_replace_the_old_ones(self, client, make_user):
        user = make_user(roles.CASEWORKER, username="hanna")
        old = accounts.create_recovery_codes(user)
        device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
        sign_in(client, "hanna")
        client.post(reverse("two_factor_verify"), {"token": code(device)})
        client.post(reverse("two_factor_recovery_codes"))
        new = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
        assert len(new) == 10 and not new & set(old)
        assert events(Action.RECOVERY_CODES_CREATED, subject_user=user).count() == 2


class TestVoluntaryTwoFactor:
    """Finding 3: an app on the account is asked for whatever the role's policy."""

    def test_a_consultant_with_an_app_gives_a_code_without_any_policy(self, client, make_user):
        user = make_user(roles.CONSULTANT, username="kim")
        device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
        assert not GroupSecurityPolicy.objects.exists()
        sign_in(client, "kim")
        response = client.get(reverse("referrals:inbox"))
        assert response["Location"].startswith(reverse("two_factor_verify"))
        client.post(reverse("two_factor_verify"), {"token": code(device)})
        assert client.get(reverse("referrals:inbox")).status_code == 200

    def test_without_an_app_and_policy_the_password_is_enough(self, client, make_user):
        make_user(roles.CONSULTANT, username="kim")
        sign_in(client, "kim")
        assert client.get(reverse("referrals:inbox")).status_code == 200

    def test_the_user_removes_their_own_app_only_after_a_code(self, client, make_user):
        user = make_user(roles.CASEWORKER, username="hanna")
        device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
        sign_in(client, "hanna")
        refused = client.post(reverse("two_factor_remove"))
        assert refused["Location"].startswith(reverse("two_factor_verify"))
        assert TOTPDevice.objects.filter(user=user).exists()
        client.post(reverse("two_factor_verify"), {"token": code(device)})
        client.post(reverse("two_factor_remove"))
        assert not TOTPDevice.objects.filter(user=user).exists()
        assert events(Action.TWO_FACTOR_REMOVED, subject_user=user, actor=user).exists()


class TestSeparationOfDuties:
    """Finding 2: the administrator gave themselves case access and took accounts over."""

    @pytest.fixture
    def user_admin(self, make_user):
        return make_user(roles.USER_ADMINISTRATOR, username="ulla")

    def test_the_guidance_administrator_cannot_manage_users_or_passwords(
        self, client, make_user, caseworker
    ):
        admin = make_user(roles.ADMINISTRATOR, username="alva")
        client.force_login(admin)
        assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
        assert client.get(reverse("admin:auth_user_change", args=[admin.pk])).status_code == 403
        password_url = reverse("admin:auth_user_password_change", args=[caseworker.pk])
        response = client.post(password_url, {"password1": "x" * 20, "password2": "x" * 20})
        assert response.status_code == 403
        caseworker.refresh_from_db()
        assert caseworker.check_password(PASSWORD)

    def test_nobody_gives_their_own_account_a_case_role_even_below_the_admin(
        self, client, user_admin
    ):
        client.force_login(user_admin)
        change = client.get(reverse("admin:auth_user_change", args=[user_admin.pk]))
        assert change.status_code == 200
        assert 'name="groups"' not in change.content.decode()  # read-only on one's own page
        consultant_group = Group.objects.get(name=roles.CONSULTANT)
        # Below the admin, as a request by that user would: refused.
        from audit.trail import _current_request

        class Request:
            user = user_admin
            META = {"REMOTE_ADDR": "10.0.0.9"}

        token = _current_request.set(Request())
        try:
            with pytest.raises(PermissionDenied), transaction.atomic():
                user_admin.groups.add(consultant_group)
            # Nor any other role: not even one without case access.
            with pytest.raises(PermissionDenied), transaction.atomic():
                user_admin.groups.add(Group.objects.get(name=roles.ADMINISTRATOR))
            with pytest.raises(PermissionDenied), transaction.atomic():
                StaffProfile.objects.create(
                    user=user_admin,
                    district=District.objects.get(key="farsta"),
                    provider=InternalProvider.objects.first(),
                )
        finally:
            _current_request.reset(token)
        assert not user_admin.groups.filter(name=roles.CONSULTANT).exists()

    def test_the_user_administrator_grants_roles_to_others_recorded_before_and_after(
        self, client, user_admin, make_user
    ):
        kim = make_user(None, username="kim")
        client.force_login(user_admin)
        consultant_group = Group.objects.get(name=roles.CONSULTANT)
        farsta = District.objects.get(key="farsta")
        unit = InternalProvider.objects.get(key="relative-support-consultant")
        response = client.post(
            reverse("admin:auth_user_change", args=[kim.pk]),
            {
                "username": "kim",
                "first_name": "Kim",
                "last_name": "",
                "email": "",
                "is_active": "on",
                "groups": [consultant_group.pk],
                "staff_profile-TOTAL_FORMS": "1",
                "staff_profile-INITIAL_FORMS": "0",
                "staff_profile-MIN_NUM_FORMS": "0",
                "staff_profile-MAX_NUM_FORMS": "1",
                "staff_profile-0-district": farsta.pk,
                "staff_profile-0-provider": unit.pk,
                "staff_profile-0-user": kim.pk,
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        roles_event = events(Action.ROLES_CHANGED, subject_user=kim, actor=user_admin).get()
        assert roles_event.details["before"] == [] and roles_event.details["after"] == [
            roles.CONSULTANT
        ]
        workplace = events(Action.WORKPLACE_CHANGED, subject_user=kim, actor=user_admin).get()
        assert workplace.details["before"] is None
        assert workplace.details["after"] == {"district": farsta.pk, "provider": unit.pk}

    def test_deactivating_is_recorded_with_before_and_after(self, client, user_admin, make_user):
        kim = make_user(roles.CONSULTANT, username="kim")
        client.force_login(user_admin)
        kim.is_active = False
        from audit.trail import _current_request

        class Request:
            user = user_admin
            META = {}

        token = _current_request.set(Request())
        try:
            kim.save()
        finally:
            _current_request.reset(token)
        event = events(Action.USER_CHANGED, subject_user=kim).get()
        assert event.actor == user_admin
        assert event.details["before"] == {"is_active": True}
        assert event.details["after"] == {"is_active": False}

    def test_the_user_administrator_cannot_see_or_change_a_superuser(
        self, client, user_admin, django_user_model
    ):
        root = django_user_model.objects.create_superuser("root", password=PASSWORD)
        client.force_login(user_admin)
        assert client.get(reverse("admin:auth_user_change", args=[root.pk])).status_code == 302
        page = client.get(reverse("admin:auth_user_changelist")).content.decode()
        assert ">root<" not in page

    def test_a_password_set_by_the_user_administrator_must_be_changed(
        self, client, user_admin, caseworker
    ):
        client.force_login(user_admin)
        new = "Ett-nytt-lösenord-2026"
        response = client.post(
            reverse("admin:auth_user_password_change", args=[caseworker.pk]),
            {"password1": new, "password2": new},
        )
        assert response.status_code == 302
        assert AccountState.objects.get(user=caseworker).password_change_required
        event = events(Action.PASSWORD_CHANGED, subject_user=caseworker).get()
        assert event.actor == user_admin and event.details == {"by": "other"}
        client.post(reverse("logout"))
        sign_in(client, "hanna", new)
        page = client.get(reverse("referrals:my_contacts"))
        assert page.status_code == 302
        assert page["Location"].startswith(reverse("password_change"))

    def test_two_factor_reset_removes_devices_without_showing_the_secret(
        self, client, user_admin, caseworker
    ):
        device = TOTPDevice.objects.create(user=caseworker, name="app", confirmed=True)
        accounts.create_recovery_codes(caseworker)
        client.force_login(user_admin)
        page = client.get(reverse("admin:auth_user_change", args=[caseworker.pk]))
        assert device.key not in page.content.decode()
        with pytest.raises(NoReverseMatch):
            reverse("admin:otp_totp_totpdevice_changelist")
        response = client.post(
            reverse("admin:auth_user_changelist"),
            {"action": "reset_two_factor", "_selected_action": [caseworker.pk]},
        )
        assert response.status_code == 302
        assert not TOTPDevice.objects.filter(user=caseworker).exists()
        assert not StaticDevice.objects.filter(user=caseworker).exists()
        event = events(Action.TWO_FACTOR_RESET, subject_user=caseworker).get()
        assert event.actor == user_admin and event.details["devices_removed"] == 2
        assert event.details["before"] == {"app": True, "recovery_codes": 10}
        assert event.details["after"] == {"app": False, "recovery_codes": 0}
        assert SecurityNotice.objects.filter(
            user=caseworker, kind=SecurityNotice.Kind.TWO_FACTOR_RESET
        ).exists()


class TestTheUserIsToldInThePortal:
    def test_an_unacknowledged_notice_is_shown_at_every_sign_in(self, client, caseworker):
        SecurityNotice.objects.create(user=caseworker, kind=SecurityNotice.Kind.DEVICE_ADDED)
        for _attempt in range(2):
            sign_in(client, "hanna")
            page = client.get(reverse("guidance:start")).content.decode()
            assert "En autentiseringsapp kopplades till ditt konto." in page
            assert "Var det inte du?" in page
            client.post(reverse("logout"))
        sign_in(client, "hanna")
        client.get(reverse("guidance:start"))
        notice = SecurityNotice.objects.get(user=caseworker)
        client.post(reverse("account_security"), {"notice": [str(notice.pk)]})
        client.post(reverse("logout"))
        sign_in(client, "hanna")
        page = client.get(reverse("guidance:start")).content.decode()
        assert "En autentiseringsapp kopplades" not in page


class TestSignInAudit:
    """Finding 8: sign-in, failure, lockout, sign-out, with address and session."""

    def test_sign_in_and_out_carry_the_address_and_a_session_hash(self, client, caseworker):
        sign_in(client, "hanna", REMOTE_ADDR="192.0.2.10")
        signed_in = events(Action.SIGNED_IN, actor=caseworker).get()
        assert signed_in.client_address == "192.0.2.10"
        assert len(signed_in.session_hash) == 32
        assert client.session.session_key not in signed_in.session_hash
        client.post(reverse("logout"), REMOTE_ADDR="192.0.2.10")
        signed_out = events(Action.SIGNED_OUT, actor=caseworker).get()
        assert signed_out.session_hash == signed_in.session_hash

    def test_failures_and_the_lockout_are_recorded(self, client, caseworker, settings):
        for _attempt in range(settings.AXES_FAILURE_LIMIT):
            sign_in(client, "hanna", "fel-lösenord", REMOTE_ADDR="198.51.100.7")
        failed = events(Action.SIGN_IN_FAILED)
        assert failed.count() >= settings.AXES_FAILURE_LIMIT - 1
        assert failed.first().details == {"username": "hanna"}
        assert failed.first().client_address == "198.51.100.7"
        assert events(Action.LOCKED_OUT).get().details == {"username": "hanna"}

    def test_the_address_is_read_behind_the_configured_proxy(self, client, caseworker, settings):
        settings.TRUSTED_PROXY_COUNT = 1
        sign_in(
            client,
            "hanna",
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.99, 192.0.2.44",
        )
        # The client could write the first address; the proxy wrote the last.
        assert events(Action.SIGNED_IN).get().client_address == "192.0.2.44"

    def test_the_address_is_the_peer_without_a_proxy(self, client, caseworker, settings):
        settings.TRUSTED_PROXY_COUNT = 0
        sign_in(client, "hanna", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.99")
        assert events(Action.SIGNED_IN).get().client_address == "10.0.0.1"


class TestAuditSearch:
    def test_the_administrator_filters_by_user_action_reference_and_date(
        self, client, make_user, caseworker
    ):
        other = make_user(roles.CASEWORKER, username="olle")
        AuditEvent.objects.create(
            actor=caseworker, action=Action.CONTACT_VIEWED, contact_reference="AS-2026-000001"
        )
        AuditEvent.objects.create(
            actor=other, action=Action.CONTACT_PRINTED, contact_reference="AS-2026-000002"
        )
        client.force_login(make_user(roles.ADMINISTRATOR, username="alva"))
        url = reverse("admin:audit_auditevent_changelist")
        by_user = client.get(url, {"actor__id__exact": other.pk}).content.decode()
        assert "AS-2026-000002" in by_user and "AS-2026-000001" not in by_user
        by_action = client.get(url, {"action__exact": "contact_viewed"}).content.decode()
        assert "AS-2026-000001" in by_action and "AS-2026-000002" not in by_action
        by_reference = client.get(url, {"q": "AS-2026-000001"}).content.decode()
        assert "AS-2026-000001" in by_reference and "AS-2026-000002" not in by_reference
        from django.utils import timezone

        today = timezone.localdate()
        by_date = client.get(
            url, {"at__year": today.year, "at__month": today.month, "at__day": today.day}
        )
        assert by_date.status_code == 200 and "AS-2026-000001" in by_date.content.decode()
