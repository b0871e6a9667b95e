"""One example of the guided path's answers, owned by the steps: the demo data,
the benchmark, the load test and the tests all build from it."""


def example_answers(**overrides: dict | None) -> dict[str, dict]:
    """A complete set of raw answers that passes every step and checkpoint, as the
    steps store them: a parent in Farsta referred to the district's relative support
    consultant. Each keyword names a step (``**{"first-contact": {...}}``) whose values
    are merged over the example's; ``None`` drops the step.

    Only the steps the example's situation calls for are answered (no event, so no
    ``crisis`` step): the benchmark and the load test walk every answered step.

    The one example of the path: the demo data, the benchmark, the load test and the
    tests all start from it. The relative is an adult, so the child's steps
    ("guardians", "child-view") do not apply; pass them to make the relative a child.
    """
    answers: dict[str, dict] = {
        "first-contact": {
            "contact_date": "2026-11-20",
            "district": "farsta",
            "entry_route": "relative-contacted",
            "target_groups": ["criminal-lifestyle"],
            "event_kind": "none",
            "event_date": "",
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
            "relative_is_child": "no",
        },
        "safe-contact": {
            "contact_channel": "phone",
            "contact_times": "Vardagar 9–12",
            "contact_avoid": "Inga brev hem",
        },
        "consent": {"consent_given": "", "given_by": "", "scope": "", "given_on": "", "method": ""},
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
            "child_at_risk": "no",
            "report_made_on": "",
            "report_made_to": "",
        },
        "threats": {"threatened": "no", "police_report": "", "risk_analysis_requested": False},
        "needs": {
            "needs": ["advice"],
            "practical_matters": [],
            "needs_note": "",
            "circumstances": [],
        },
        "referral": {
            "internal": ["relative-support-consultant@farsta"],
            "external": [],
            "other_name": "",
            "other_contact": "",
            "information_only": False,
            "information_given": "",
        },
    }
    for slug, values in overrides.items():
        if values is None:
            answers.pop(slug, None)
        else:
            answers[slug] = {**answers.get(slug, {}), **values}
    return answers


def form_data(values: dict) -> dict[str, str | list[str]]:
    """One step's raw answers as a browser posts its form (the reverse of
    ``Step.raw_answers``): a ticked box as "on", an unticked one or None left out,
    a list as repeated fields."""
    data: dict[str, str | list[str]] = {}
    for name, value in values.items():
        if value is True:
            data[name] = "on"
        elif value is not False and value is not None:
            data[name] = [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
    return data
