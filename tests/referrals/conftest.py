"""The shared fixtures live in tests/conftest.py; ``valid_answers`` in tests/factories.py."""

from tests.factories import valid_answers

__all__ = ["valid_answers"]
