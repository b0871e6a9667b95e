"""Builders for test data, shared by every test package."""

from referrals.demo import complete_answers as valid_answers

__all__ = ["valid_answers"]
