"""A role whose pages come late in a bench run has sat idle while the other role's
were measured; past the session's idle limit it signs in again first
(bench.signing_in.idle_minutes, SIGN_IN_AGAIN_AFTER)."""

from django.conf import settings

from bench.signing_in import SIGN_IN_AGAIN_AFTER, idle_minutes


def test_idle_since_the_last_page_of_the_role():
    assert idle_minutes("konsulent", {"konsulent": 100.0}, began=0.0, now=160.0) == 1.0


def test_a_role_none_of_whose_pages_has_run_is_idle_since_the_run_began():
    """Once the caseworkers' pages have taken 20 minutes, the consultants' sessions
    (last used by the sweep) are past the idle limit, and must be signed in again."""
    minutes = idle_minutes("konsulent", {"handläggare": 1200.0}, began=0.0, now=1200.0)
    assert minutes == 20.0
    assert minutes * 60 > SIGN_IN_AGAIN_AFTER


def test_signing_in_again_comes_before_the_session_would_have_ended():
    assert SIGN_IN_AGAIN_AFTER < settings.SESSION_IDLE_SECONDS


def test_a_page_whose_requests_failed_has_not_met_its_target():
    """Redirects to the login page answer in a millisecond: fast, and a failure."""
    from types import SimpleNamespace

    from bench.load import PageResult, PhaseResult, Stats
    from bench.report import _row

    def phase(errors: int) -> PhaseResult:
        return PhaseResult(10.0, {"inbox": Stats([0.002] * 50, errors)}, {})

    def floor() -> PhaseResult:
        return PhaseResult(10.0, {"minimal": Stats([0.01] * 50)}, {})

    def row(errors: int) -> str:
        page = SimpleNamespace(key="inbox")
        result = PageResult(page, phase(errors), phase(errors), floor(), floor(), phase(0))
        return _row("Inbox", ["inbox"], result, 100, {})

    assert "| 100 | yes |" in row(0)
    assert "(100 errors)" in row(50) and "| 100 | **no** |" in row(50)  # both phases
