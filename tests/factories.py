"""Builders for test data, shared by every test package."""


def valid_answers(**steps) -> dict:
    """Raw answers as a posted form would store them; ``steps`` replaces or merges steps."""
    answers = {
        "first-contact": {
            "contact_date": "2026-11-20",
            "district": "farsta",
            "entry_route": "relative-contacted",
            "is_known_to_service": "no",
            "person_caseworker": "",
        },
        "relative": {
            "pseudonym": "",
            "personal_identity_number": "",
            "personal_identity_number_reason": "",
            "relation": "parent",
            "age_group": "45-64",
            "gender": "woman",
            "language": "",
            "interpreter_needed": False,
            "target_groups": ["criminal-lifestyle"],
        },
        "safe-contact": {
            "contact_channel": "phone",
            "contact_times": "Vardagar 9–12",
            "contact_avoid": "Inga brev hem",
        },
        "consent": {
            "consent_given": "",
            "given_by": "",
            "scope": "",
            "given_on": "",
            "method": "",
        },
        "confidentiality": {
            "decision": "nothing",
            "ground": "",
            "ground_detail": "",
            "scope": "",
            "consent_given_on": "",
            "consent_method": "",
        },
        "children": {
            "children_in_household": "no",
            "relative_is_child": "no",
            "child_at_risk": "no",
            "report_made_on": "",
            "report_made_to": "",
        },
        "threats": {"threatened": "no", "police_report": "", "risk_analysis_requested": False},
        "needs": {"needs": ["advice"], "practical_matters": [], "needs_note": ""},
        "referral": {
            "internal": ["relative-support-consultant@farsta"],
            "external": [],
            "other_name": "",
            "other_contact": "",
        },
    }
    for slug, values in steps.items():
        if values is None:
            answers.pop(slug, None)
        else:
            answers[slug] = {**answers.get(slug, {}), **values}
    return answers
