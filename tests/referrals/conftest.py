"""The shared fixtures live in tests/conftest.py; factories in tests/factories.py, and the
guided path's example answers in ``referrals.intake.examples.example_answers``."""
