"""The check page's view delegates to a service, which records the view and gives
the summary. (That no views module writes or records is tests/test_architecture.py.)"""

import pytest


@pytest.mark.django_db
def test_the_check_page_service_records_the_view_and_gives_the_summary(make_draft, caseworker):
    from audit.models import AuditEvent
    from referrals.intake import journey, navigation, services

    draft = make_draft()
    answers = journey.Answers(draft.answers)
    summary = services.view_check_page(draft=draft, user=caseworker, answers=answers)
    assert [step.slug for step, _lines in summary] == [
        step.slug for step in navigation.steps_for(answers)
    ]
    event = AuditEvent.objects.get(action=AuditEvent.Action.DRAFT_CHECK_VIEWED)
    assert event.details == {"draft": str(draft.pk)}
