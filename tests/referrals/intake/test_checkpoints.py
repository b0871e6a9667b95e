"""Each checkpoint guard, called directly, without a client."""

import pytest

from referrals.intake import checkpoints
from referrals.intake.examples import example_answers
from referrals.intake.journey import Answers

pytestmark = pytest.mark.django_db


def answers(**steps):
    return Answers(example_answers(**steps))


CONSENT = {
    "consent_given": "yes",
    "given_by": "Den närstående (son)",
    "scope": "Att socialtjänsten ringer mamman",
    "given_on": "2026-11-18",
    "method": "oral",
}


class TestConsent:
    def test_route_through_a_known_person_without_consent_is_blocked(self, caseworker):
        with pytest.raises(checkpoints.ConsentMissing):
            checkpoints.require_consent(
                answers(**{"first-contact": {"entry_route": "noticed-through-person"}}), caseworker
            )

    def test_a_refused_consent_also_blocks(self, caseworker):
        refused = answers(
            **{
                "first-contact": {"entry_route": "noticed-through-person"},
                "consent": {"consent_given": "no"},
            }
        )
        with pytest.raises(checkpoints.ConsentMissing):
            checkpoints.require_consent(refused, caseworker)

    def test_recorded_consent_opens_the_path(self, caseworker):
        checkpoints.require_consent(
            answers(
                **{"first-contact": {"entry_route": "noticed-through-person"}, "consent": CONSENT}
            ),
            caseworker,
        )

    @pytest.mark.parametrize("route", ["relative-contacted", "information-other-way"])
    def test_other_routes_need_no_consent_to_contact(self, caseworker, route):
        checkpoints.require_consent(
            answers(**{"first-contact": {"entry_route": route}}), caseworker
        )

    def test_a_consent_missing_its_date_is_not_a_recorded_consent(self, caseworker):
        incomplete = answers(
            **{
                "first-contact": {"entry_route": "noticed-through-person"},
                "consent": {**CONSENT, "given_on": ""},
            }
        )
        with pytest.raises(checkpoints.ConsentMissing):
            checkpoints.require_consent(incomplete, caseworker)


class TestDisclosure:
    def test_sharing_without_a_ground_is_blocked(self, caseworker):
        with pytest.raises(checkpoints.DisclosureGroundMissing):
            checkpoints.require_disclosure_ground(
                answers(confidentiality={"decision": "share", "scope": "Att han är aktuell"}),
                caseworker,
            )

    def test_sharing_on_the_persons_consent_with_scope_passes(self, caseworker):
        checkpoints.require_disclosure_ground(
            answers(
                confidentiality={
                    "decision": "share",
                    "ground": "person_consent",
                    "scope": "Att han är aktuell för SIG",
                    "consent_given_on": "2026-11-18",
                    "consent_method": "written",
                }
            ),
            caseworker,
        )

    def test_sharing_nothing_passes(self, caseworker):
        checkpoints.require_disclosure_ground(answers(), caseworker)

    def test_an_unanswered_decision_is_blocked(self, caseworker):
        with pytest.raises(checkpoints.DisclosureGroundMissing):
            checkpoints.require_disclosure_ground(answers(confidentiality=None), caseworker)


class TestChildConcernReport:
    def test_a_child_at_risk_without_a_recorded_report_is_blocked(self, caseworker):
        with pytest.raises(checkpoints.ChildConcernReportMissing):
            checkpoints.require_child_concern_report(
                answers(children={"children_in_household": "yes", "child_at_risk": "yes"}),
                caseworker,
            )

    def test_a_recorded_report_opens_the_path(self, caseworker):
        checkpoints.require_child_concern_report(
            answers(
                children={
                    "children_in_household": "yes",
                    "child_at_risk": "yes",
                    "report_made_on": "2026-11-20",
                    "report_made_to": "Mottagningen barn och unga, Farsta",
                }
            ),
            caseworker,
        )

    def test_children_without_concern_need_no_report(self, caseworker):
        checkpoints.require_child_concern_report(
            answers(children={"children_in_household": "yes"}), caseworker
        )


class TestProtection:
    def test_a_threatened_relative_without_police_report_is_blocked(self, caseworker):
        with pytest.raises(checkpoints.ProtectionFirst):
            checkpoints.require_protection_first(answers(threats={"threatened": "yes"}), caseworker)

    def test_a_report_without_risk_analysis_is_blocked(self, caseworker):
        with pytest.raises(checkpoints.ProtectionFirst):
            checkpoints.require_protection_first(
                answers(threats={"threatened": "yes", "police_report": "made"}), caseworker
            )

    @pytest.mark.parametrize(
        "threats",
        [
            {"threatened": "yes", "police_report": "made", "risk_analysis_requested": True},
            {"threatened": "yes", "police_report": "declined"},
            {"threatened": "no"},
        ],
    )
    def test_protection_recorded_or_not_needed_passes(self, caseworker, threats):
        checkpoints.require_protection_first(answers(threats=threats), caseworker)


class TestSameCaseworker:
    def test_the_persons_caseworker_may_not_handle_the_relative(self, caseworker):
        same = answers(
            **{
                "first-contact": {
                    "is_known_to_service": "yes",
                    "person_caseworker": str(caseworker.pk),
                }
            }
        )
        with pytest.raises(checkpoints.SameCaseworker):
            checkpoints.require_different_caseworker(same, caseworker)

    def test_another_caseworker_may(self, caseworker, make_user):
        from anhorigstod import roles

        colleague = make_user(roles.CASEWORKER, username="kollega")
        other = answers(
            **{
                "first-contact": {
                    "is_known_to_service": "yes",
                    "person_caseworker": str(colleague.pk),
                }
            }
        )
        checkpoints.require_different_caseworker(other, caseworker)
