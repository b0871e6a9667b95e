"""The shared fixtures live in tests/conftest.py; factories in tests/factories.py, and the
guided path's example answers in ``referrals.journey.example_answers``."""
