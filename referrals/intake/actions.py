""" "Gör nu": the few actions the guidance gives for the situation, with links.

Computed by ``do_now`` from the guidance data alone: protection first when the
relative is threatened; after a recent shooting or lethal violence the district's
routine (or the city's default routine, with a note) and the police's FLO; then the
entry route's first steps, the support forms for the needs chosen and the target
groups' things to consider. At most ``MAX_ACTIONS``; one or two queries.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from guidance import models as g
from guidance.templatetags.district_tags import authority_name
from referrals.intake.choices import Need
from referrals.intake.situation import Situation

MIN_ACTIONS, MAX_ACTIONS = 3, 6

# The support form each need of the needs step leads to (``SupportForm.key``).
SUPPORT_FORM_FOR_NEED: dict[str, str] = {
    Need.CRISIS: "crisis-support",
    Need.ADVICE: "advice-and-support",
    Need.ASSESSED: "assessed-intervention",
    Need.PRACTICAL: "practical-information-support",
    Need.HEALTH_CARE: "health-care",
    Need.GROUP: "group-support",
    Need.PARENTING: "guardians-minor-children",
}
PROTECTION_FORM = "protection-threats"
CRISIS_FORM = "crisis-support"
PRACTICAL_FORM = "practical-information-support"
FLO_PRACTICE = "polisens-flo"


@dataclass(frozen=True)
class RoutineLine:
    action: str
    responsible: str
    within_days: int | None


@dataclass(frozen=True)
class Action:
    text: str
    url: str = ""
    link_label: str = ""
    steps: tuple[RoutineLine, ...] = ()


@dataclass(frozen=True)
class DoNow:
    actions: list[Action] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.actions)


def bullets(text: str) -> list[str]:
    """The "- " lines of a guidance text, without their dash."""
    return [line[2:].strip() for line in text.splitlines() if line.startswith("- ")]


def _first_sentence(text: str) -> str:
    head, dot, _rest = text.partition(". ")
    return head + "." if dot else text


def do_now(situation: Situation) -> DoNow:
    """The actions for ``situation``, most urgent first, with the notes they need."""
    actions: list[Action] = []
    notes: list[str] = []
    if situation.threatened:
        actions.append(protection())
    if situation.recent_serious_violence and situation.district is not None:
        routine, note = _routine(situation.district)
        if routine:
            actions.append(routine)
        if note:
            notes.append(note)
        actions.append(_flo())
    covered = {action.url for action in actions}
    for extra in (*_entry_route(situation, 1), *_support_forms(situation), *_groups(situation)):
        if extra.url not in covered or not extra.url:
            actions.append(extra)
            covered.add(extra.url)
    if len(actions) < MIN_ACTIONS:
        actions.extend(_entry_route(situation, MIN_ACTIONS - len(actions), skip=1))
    return DoNow(actions=actions[:MAX_ACTIONS], notes=notes)


def protection() -> Action:
    return Action(
        _(
            "Hotas den anhöriga ska polisen involveras. Stötta den anhöriga att göra en "
            "polisanmälan; efter anmälan gör polisen en riskanalys."
        ),
        reverse("guidance:support_form_detail", args=[PROTECTION_FORM]),
        _("Skydd vid hot"),
    )


def threats_context(answers: object, form: object) -> dict[str, Action]:
    """The threats step's page: always asked, with protection first (``Step.extra_context``)."""
    return {"protection": protection()}


def _flo() -> Action:
    return Action(
        _(
            "Berätta om polisens FLO (Family Liaison Officer): vid utredningar av grova "
            "våldsbrott kan polisen sätta in en FLO som stöttar de anhöriga och slussar "
            "vidare till annat stöd."
        ),
        reverse("guidance:good_practice_detail", args=[FLO_PRACTICE]),
        _("Polisens FLO"),
    )


def _routine(district: g.District) -> tuple[Action | None, str]:
    """The district's routine after serious violence, else the city's default (one query)."""
    steps = list(
        g.RoutineStep.objects.filter(
            Q(routine__district=district) | Q(routine__district__isnull=True),
            routine__applies_when=g.LocalRoutine.AppliesWhen.SERIOUS_VIOLENCE,
        )
        .select_related("routine")
        .order_by("routine__key", "order")
    )
    own = [step for step in steps if step.routine.district_id == district.pk]
    chosen = own or [step for step in steps if step.routine.district_id is None]
    note = (
        ""
        if own
        else _(
            "%(authority)s har ingen egen rutin efter skjutning eller dödligt våld i "
            "vägledningen. Stadens standardrutin gäller."
        )
        % {"authority": authority_name(district.name)}
    )
    if not chosen:
        return None, note
    routine = chosen[0].routine
    routine.district = district if own else None  # for the URL, without another query
    action = Action(
        _("Följ rutinen: %(name)s.") % {"name": routine.name},
        routine.get_absolute_url(),
        routine.name,
        steps=tuple(
            RoutineLine(step.action, step.responsible, step.within_days)
            for step in chosen
            if step.routine_id == routine.pk
        ),
    )
    return action, note


def _entry_route(situation: Situation, count: int, skip: int = 0) -> list[Action]:
    route = situation.entry_route
    if route is None:
        return []
    url = reverse("guidance:entry_route_detail", args=[route.key])
    return [
        Action(line, url if index == 0 and not skip else "", route.name)
        for index, line in enumerate(bullets(route.first_steps)[skip : skip + count])
    ]


def _support_forms(situation: Situation) -> list[Action]:
    """The support forms for the needs chosen (one query), and crisis and practical
    support after a recent shooting or lethal violence."""
    keys = [SUPPORT_FORM_FOR_NEED[need] for need in situation.needs if need in Need.values]
    if situation.recent_serious_violence:
        keys = [CRISIS_FORM, PRACTICAL_FORM, *keys]
    if not keys:
        return []
    forms = {form.key: form for form in g.SupportForm.objects.filter(key__in=keys)}
    ordered = [forms[key] for key in dict.fromkeys(keys) if key in forms]
    return [
        Action(
            f"{form.name}: {_first_sentence(form.summary)}",
            reverse("guidance:support_form_detail", args=[form.key]),
            form.name,
        )
        for form in ordered
    ]


def _groups(situation: Situation) -> list[Action]:
    """Each target group's first thing to consider that the actions above do not cover."""
    actions = []
    for group in situation.target_groups:
        for line in bullets(group.things_to_consider):
            if situation.recent_serious_violence and ("rutin" in line or "FLO" in line):
                continue
            actions.append(
                Action(
                    line,
                    reverse("guidance:target_group_detail", args=[group.key]),
                    group.short_name,
                )
            )
            break
    return actions
