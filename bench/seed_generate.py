"""The benchmark's rows for one chunk of contacts: each contact with its consents,
referrals (in a state drawn from its age, with that state's milestones), sessions
and audit events, as tuples ready to write."""

import random
from collections import defaultdict
from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from bench.seed_rows import (
    _FIRST_NAMES,
    _INTERNAL_WEIGHTS,
    _LAST_NAMES,
    A,
    Status,
    _pick,
    _uuid,
)
from bench.seed_world import (
    _MILESTONE_ACTIONS,
    _REFERRAL_COLUMNS,
    _TELL_CASEWORKER,
    _milestones,
    _status_for,
    _World,
)
from referrals.follow_up import reach as reach_rules
from referrals.intake import journey
from referrals.models import (
    Consent,
    Need,
    Referral,
    SupportSession,
)


def _generate_chunk(
    *,
    chunk: range,
    first_contact: int,
    next_referral: int,
    extra: dict[int, int],
    world: _World,
    now: datetime,
    rng: random.Random,
    sessions_wanted: int,
    audit_wanted: int,
) -> dict[str, list[tuple]]:
    rows: dict[str, list[tuple]] = defaultdict(list)
    referrals: list[dict] = []
    audit: list[tuple] = []
    views: list[tuple] = []  # (moment, actor, contact ref, referral ref): fill-in view events
    guidance_version = "2026-11-01T08:00:00+00:00"
    for n in chunk:
        pk = first_contact + n
        caseworker, district_id = world.caseworkers[rng.randrange(len(world.caseworkers))]
        age = rng.triangular(0, 3 * 365, 0) if rng.random() < 0.9 else rng.uniform(0, 3 * 365)
        created = now - timedelta(days=age, minutes=rng.randrange(600))
        reference = f"AS-{timezone.localdate(created):%Y}-{pk:06d}"
        route = rng.choices(world.routes, weights=[50, 30, 20][: len(world.routes)])[0]
        known = route.consent_required or rng.random() < 0.2
        age_group = _pick(rng, {"0-12": 3, "13-17": 7, "18-25": 15, "26-44": 30, "45-64": 35,
                                "65-": 8, "unknown": 2})  # fmt: skip
        # One contact in six is one the receiver must act on: a named relative who can be
        # reached, children in the household and a threat (the referral page's fullest case).
        showcase = n % 6 == 0
        children = rng.random() < 0.35 or showcase
        is_child = age_group in ("0-12", "13-17") and rng.random() < 0.8
        at_risk = (children or is_child) and rng.random() < 0.12
        threatened = rng.random() < 0.12 or showcase
        language = rng.choice(world.language_ids) if rng.random() < 0.2 else None
        needs = rng.sample(Need.values, rng.choice([1, 1, 2, 3]))
        contact_date = timezone.localdate(created) - timedelta(days=rng.choice([0, 0, 0, 1, 2]))
        pseudonym = rng.choice(_FIRST_NAMES) if rng.random() < 0.4 or showcase else ""
        reach_details = _reach(pseudonym, pk, rng, always=showcase)
        rows["contacts"].append(
            (
                pk, reference, _uuid(rng), caseworker, created, journey.PATH_VERSION,
                guidance_version, contact_date, district_id, route.pk, known,
                rng.choice(world.caseworkers)[0] if known and rng.random() < 0.5 else None,
                pseudonym, "", "",
                _pick(rng, {"parent": 45, "sibling": 15, "child": 8, "partner": 15,
                            "grandparent": 7, "other_family": 5, "friend": 5}),
                age_group, _pick(rng, {"woman": 62, "man": 30, "other": 1, "not_stated": 7}),
                language, language is not None and rng.random() < 0.5,
                rng.choice(["phone", "phone", "sms", "meeting", "letter", "home_visit"]),
                "Vardagar 9–12", "Inga brev hem" if rng.random() < 0.3 else "",
                children, is_child, at_risk, threatened,
                rng.choice(["made", "declined"]) if threatened else "",
                threatened and rng.random() < 0.5, needs,
                ["skatteverket"] if rng.random() < 0.1 else [], "",
                _label(rng), *reach_details,
            )
        )  # fmt: skip
        for group in rng.sample(world.group_ids, 2 if rng.random() < 0.2 else 1):
            rows["contact_target_groups"].append((pk, group))
        # The route asks the related person's consent; a relative who left a number
        # agreed to be contacted herself.
        given_by = "Den närstående" if route.consent_required else "Den anhöriga"
        if route.consent_required or reach_details[0]:
            rows["consents"].append(
                (pk, Consent.Purpose.CONTACT_RELATIVE, given_by, "Kontakt om stöd",
                 contact_date, Consent.Method.ORAL, caseworker, created, "")
            )  # fmt: skip
        shares = rng.random() < 0.1
        rows["disclosures"].append(
            (pk, not shares, "person_consent" if shares else "", "",
             "Att personen är aktuell" if shares else "")
        )  # fmt: skip
        if shares:
            rows["consents"].append(
                (pk, Consent.Purpose.SHARE_WITH_RELATIVE, "Den närstående",
                 "Att personen är aktuell", contact_date, Consent.Method.WRITTEN, caseworker,
                 created, "")
            )  # fmt: skip
        if at_risk:
            rows["child_reports"].append(
                (pk, contact_date, "Mottagningen barn och unga", caseworker)
            )
        if age < 14:  # submitted drafts are purged after DRAFT_RETENTION_DAYS
            rows["drafts"].append(
                (_uuid(rng), caseworker, _uuid(rng), {}, 9, journey.PATH_VERSION, created,
                 created, "", pk)
            )  # fmt: skip

        contact_referrals = []
        for number in range(1, 2 + extra.get(n, 0)):
            ref = _new_referral(
                pk=next_referral,
                contact=pk,
                reference=f"{reference}-{number}",
                caseworker=caseworker,
                created=created,
                district_id=district_id,
                children=children or is_child,
                previous=contact_referrals[-1] if contact_referrals else None,
                world=world,
                now=now,
                rng=rng,
            )
            next_referral += 1
            contact_referrals.append(ref)
        referrals.extend(contact_referrals)
        audit.append(
            (created, caseworker, A.CONTACT_SUBMITTED, reference, "",
             {"referrals": [r["reference"] for r in contact_referrals]})
        )  # fmt: skip
        views.append((created, caseworker, reference, ""))

    _generate_sessions(referrals, rows=rows, audit=audit, wanted=sessions_wanted, now=now, rng=rng)

    for ref in referrals:
        _referral_events(ref, rows=rows, audit=audit, views=views, now=now)
        rows["referrals"].append(tuple(ref.get(column) for column in _REFERRAL_COLUMNS))

    # Fill the audit trail with views of contacts and referrals, up to the wanted size.
    for _n in range(max(0, audit_wanted - len(audit))):
        moment, actor, contact_reference, referral_reference = rng.choice(views)
        later = min(moment + timedelta(days=rng.uniform(0, 60)), now)
        action = A.REFERRAL_VIEWED if referral_reference else A.CONTACT_VIEWED
        audit.append((later, actor, action, contact_reference, referral_reference, {}))
    rows["audit_events"] = audit
    return rows


def _label(rng: random.Random) -> str:
    """The worklist label a caseworker types: initials and a number, on most contacts."""
    if rng.random() < 0.2:
        return ""
    return f"{rng.choice(_FIRST_NAMES)[0]}{rng.choice(_LAST_NAMES)[0]} {rng.randrange(1, 100)}"


_STREETS = ["Storgatan", "Kvarngatan", "Björkvägen", "Skolvägen", "Torget", "Parkvägen"]


def _reach(
    pseudonym: str, pk: int, rng: random.Random, *, always: bool = False
) -> tuple[str, str, str, str]:
    """Phone, e-mail and address for most named relatives (``always``: all three); a
    call-back code for a relative nobody can reach (as submit gives one)."""
    if always:
        return "070-123 45 67", f"anhorig.{pk}@example.org", "Storgatan 1", ""
    if pseudonym and rng.random() < 0.7:
        phone = f"070-{rng.randrange(100, 999)} {rng.randrange(10, 99)} {rng.randrange(10, 99)}"
        email = f"{pseudonym.lower()}.{pk}@example.org" if rng.random() < 0.5 else ""
        address = f"{rng.choice(_STREETS)} {rng.randrange(1, 80)}" if rng.random() < 0.3 else ""
        return phone, email, address, ""
    code = "".join(
        rng.choice(reach_rules.CALLBACK_ALPHABET) for _ in range(reach_rules.CALLBACK_LENGTH)
    )
    return "", "", "", code


def _generate_sessions(
    referrals: list[dict],
    *,
    rows: dict[str, list[tuple]],
    audit: list[tuple],
    wanted: int,
    now: datetime,
    rng: random.Random,
) -> None:
    """Sessions for referrals under way or closed, about ``wanted`` in all, each with
    its audit event."""
    active = [r for r in referrals if r["status"] in (Status.IN_PROGRESS, Status.CLOSED)]
    per = wanted / len(active) if active else 0
    sessions_left = wanted
    for index, ref in enumerate(active):
        remaining = len(active) - index
        count = max(0, round(per * rng.uniform(0.3, 1.7))) if remaining > 1 else sessions_left
        count = max(0, min(count, sessions_left))
        sessions_left -= count
        end = ref["closed_at"] or now
        start = ref["in_progress_at"]
        span = max((end - start).total_seconds(), 3600)
        score = Decimal(rng.randrange(80, 260)) / 10
        moments = sorted(start + timedelta(seconds=rng.uniform(0, span)) for _ in range(count))
        for moment in moments:
            score = min(Decimal(40), max(Decimal(0), score + Decimal(rng.randrange(-10, 40)) / 10))
            attended = rng.random() < 0.9
            concerns = "Oro för barnen" if rng.random() < 0.02 else ""
            rows["sessions"].append(
                (ref["id"], timezone.localdate(moment), rng.choice(SupportSession.Form.values),
                 attended, rng.choice([30, 45, 60, 90]) if attended else None,
                 score if attended and rng.random() < 0.7 else None, "", concerns,
                 ref["in_progress_by_id"] or ref["contact_by"], moment)
            )  # fmt: skip
            audit.append(
                (moment, ref["in_progress_by_id"], A.SESSION_LOGGED, ref["contact_reference"],
                 ref["reference"], {"held_on": f"{timezone.localdate(moment)}",
                                    "attended": attended})
            )  # fmt: skip


def _new_referral(
    *,
    pk: int,
    contact: int,
    reference: str,
    caseworker: int,
    created: datetime,
    district_id: int,
    children: bool,
    previous: dict | None,
    world: _World,
    now: datetime,
    rng: random.Random,
) -> dict:
    blank = dict.fromkeys(_REFERRAL_COLUMNS)
    blank.update(
        id=pk, contact_id=contact, reference=reference, other_name="", other_contact="",
        decline_reason="", outcome="", external_outcome="", created_at=created,
        contact_reference=reference.rsplit("-", 1)[0], contact_by=caseworker, unit=[],
    )  # fmt: skip
    ref = blank
    forward_from = (
        previous
        if previous and previous["provider_id"] and previous["status"] in Status.values
        and rng.random() < 0.25 and (now - created).days > 30
        else None
    )  # fmt: skip
    kind = "internal" if forward_from else _pick(rng, {"internal": 70, "service": 26, "other": 4})
    if kind == "internal":
        weights = dict(_INTERNAL_WEIGHTS)
        if children:
            weights["outpatient-children"] *= 3
        if forward_from:
            weights.pop(
                next(k for k, p in world.providers.items() if p.pk == forward_from["provider_id"])
            )
        provider = world.providers[_pick(rng, weights)]
        receiving = None if provider.city_wide else district_id
        ref.update(provider_id=provider.pk, receiving_district_id=receiving)
        receivers = world.receivers.get((provider.pk, receiving)) or [None]
        ref["unit"] = [user for user in receivers if user is not None]

        def by():
            return rng.choice(receivers)

        if forward_from:
            moment = created + timedelta(days=rng.uniform(5, 25))
            if forward_from["received_at"] is None:
                forward_from["received_at"] = moment - timedelta(hours=2)
            moment = max(moment, (forward_from["accepted_at"] or forward_from["received_at"]))
            moment = min(moment + timedelta(hours=1), now - timedelta(hours=1))
            forward_from.update(
                status=Status.FORWARDED, forwarded_at=moment, forwarded_to_id=pk,
                forwarded_by_id=forward_from["received_by_id"], declined_at=None,
                declined_by_id=None, decline_reason="", closed_at=None, closed_by_id=None,
                outcome="", in_progress_at=None, in_progress_by_id=None, first_talk_on=None,
                first_talk_booked_at=None, first_talk_booked_by_id=None,
            )  # fmt: skip
            ref["created_at"] = moment
        age = (now - ref["created_at"]).total_seconds() / 86400
        _milestones(ref, _status_for(age, rng), now, rng, by)
    else:
        ref["status"] = Status.SENT
        if kind == "service" and world.services:
            ref["service_id"] = rng.choice(world.services)
        else:
            ref.update(other_name="Skolkurator", other_contact="08-508 000 00")
        if (now - created).days > 30 and rng.random() < 0.6:
            ref["external_outcome"] = rng.choice(Referral.ExternalOutcome.values)
            ref["external_outcome_at"] = created + timedelta(days=rng.uniform(14, 30))
            ref["external_outcome_by_id"] = caseworker
    return ref


def _referral_events(ref: dict, *, rows, audit: list, views: list, now: datetime) -> None:
    """Audit events and notifications for each milestone the referral passed."""
    recent = now - timedelta(days=7)
    contact_reference, reference = ref["contact_reference"], ref["reference"]
    ref["version"] = sum(1 for name, _a in _MILESTONE_ACTIONS if ref[f"{name}_at"])
    created = ref["created_at"]
    for user in ref["unit"]:
        read = None if created > recent and ref["status"] == Status.SENT else created
        rows["notifications"].append((user, ref["id"], f"Ny hänvisning {reference}", created, read))
    for name, action in _MILESTONE_ACTIONS:
        moment = ref[f"{name}_at"]
        if moment is None:
            continue
        actor = ref[f"{name}_by_id"]
        audit.append((moment, actor, action, contact_reference, reference, {"to": name}))
        if actor:
            views.append((moment, actor, contact_reference, reference))
        if name in _TELL_CASEWORKER:
            rows["notifications"].append(
                (ref["contact_by"], ref["id"], f"{reference}: {name}", moment,
                 None if moment > recent else moment)
            )  # fmt: skip
