"""Builders for test data, shared by every test package."""

# A relative who became known through a person the service works with, and whose
# consent to be contacted was recorded: the steps that give a contact a consent.
CONSENTED_CONTACT_STEPS = {
    "first-contact": {"entry_route": "noticed-through-person"},
    "consent": {
        "consent_given": "yes",
        "given_by": "Sonen",
        "scope": "Kontakt",
        "given_on": "2026-11-18",
        "method": "oral",
    },
}
