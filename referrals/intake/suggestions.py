"""Ranked referral suggestions from the relative's situation.

A plain function over guidance data: target groups, needs, children,
language and district in; internal providers and external services out,
best first, each with the reasons it was ranked so. A provider that exists
only where SIG exists is offered in the relative's district when it has SIG,
in the district that sells SIG to it when it buys it, and not at all (with a
note) otherwise.

What the situation must never be without, what only some relatives are
offered and which entries are methods for staff are rules kept as data in
``referrals.intake.suggestion_rules``: must-haves come first, in the material's
order, and are never dropped by the limit.
"""

from dataclasses import dataclass, field

from django.db.models import BooleanField, Count, Exists, OuterRef, Q, Value
from django.utils.translation import gettext as _

from guidance import models as g
from referrals.intake import suggestion_rules as rules
from referrals.models import Need

# How many external services are suggested, best first.
MAX_EXTERNAL = 12

# Which kinds of support form meet each need.
NEED_KINDS: dict[str, set[str]] = {
    Need.CRISIS: {g.SupportForm.Kind.CRISIS},
    Need.ADVICE: {g.SupportForm.Kind.ADVICE},
    Need.ASSESSED: {g.SupportForm.Kind.ASSESSED},
    Need.PRACTICAL: {g.SupportForm.Kind.PRACTICAL},
    Need.HEALTH_CARE: {g.SupportForm.Kind.HEALTH_CARE},
    Need.GROUP: {g.SupportForm.Kind.ADVICE},
    Need.PARENTING: {g.SupportForm.Kind.ASSESSED, g.SupportForm.Kind.ADVICE},
}

# Which directory categories meet each need.
NEED_CATEGORIES: dict[str, set[str]] = {
    Need.CRISIS: {g.Organisation.Category.HELPLINE},
    Need.HEALTH_CARE: {g.Organisation.Category.HEALTH_CARE},
    Need.GROUP: {g.Organisation.Category.CIVIL_SOCIETY},
    Need.ADVICE: {g.Organisation.Category.CIVIL_SOCIETY, g.Organisation.Category.HELPLINE},
}


@dataclass
class Suggestion:
    choice_value: str
    name: str
    score: int
    reasons: list[str] = field(default_factory=list)
    note: str = ""
    # An external suggestion carries its service, so the step can show its phone
    # and whether its details are due for a check.
    service: g.Service | None = None
    # Set for a must-have: the rule's reason, shown instead of the scoring's.
    rule_reason: str = ""

    @property
    def must(self) -> bool:
        return bool(self.rule_reason)

    @property
    def why(self) -> str:
        """The one line after "Föreslås för att:"."""
        return self.rule_reason or "; ".join(str(reason) for reason in self.reasons)

    @property
    def label(self) -> str:
        if not self.note:
            return self.name
        return _("%(name)s – %(note)s") % {"name": self.name, "note": self.note}


@dataclass(frozen=True)
class MethodHint:
    """A method for staff that the situation calls for: guidance, never a recipient."""

    key: str
    name: str
    why: str


@dataclass
class Suggestions:
    internal: list[Suggestion]
    external: list[Suggestion]
    notes: list[str]
    methods: list[MethodHint] = field(default_factory=list)


def internal_choice(provider_key: str, district_key: str | None) -> str:
    return f"{provider_key}@{district_key or 'stad'}"


def parse_internal_choice(value: str) -> tuple[str, str | None]:
    provider_key, _sep, district_key = value.partition("@")
    return provider_key, None if district_key == "stad" else district_key


def suggest(
    *,
    target_groups: list[g.TargetGroup],
    needs: list[str],
    children_involved: bool,
    language: g.Language | None,
    district: g.District,
    event_kind: str = "",
    relative_is_child: bool = False,
    threatened: bool = False,
    circumstances: tuple[str, ...] | list[str] = (),
) -> Suggestions:
    situation = rules.Situation(
        target_groups=frozenset(group.key for group in target_groups),
        needs=frozenset(needs),
        event_kind=event_kind or "",
        children_involved=children_involved,
        relative_is_child=relative_is_child,
        threatened=threatened,
        circumstances=frozenset(circumstances),
    )
    group_ids = {group.pk for group in target_groups}
    wanted_kinds = set().union(*(NEED_KINDS.get(need, set()) for need in needs))
    wanted_categories = set().union(*(NEED_CATEGORIES.get(need, set()) for need in needs))
    notes: list[str] = []
    internal = _internal(
        situation=situation,
        group_ids=group_ids,
        wanted_kinds=wanted_kinds,
        district=district,
        notes=notes,
    )
    external = _external(
        situation=situation,
        group_ids=group_ids,
        children_involved=children_involved,
        wanted_categories=wanted_categories,
        language=language,
        district=district,
    )
    return Suggestions(
        internal=_ordered(internal, rules.required(situation, internal=True)),
        external=_ordered(external, rules.required(situation)),
        notes=notes,
        methods=_methods(situation),
    )


def _ordered(found: list[Suggestion], must_haves: list[rules.MustHave]) -> list[Suggestion]:
    """Must-haves first in the rules' order, then the rest best first."""
    order = {rule.key: number for number, rule in enumerate(must_haves)}

    def rank(suggestion: Suggestion):
        key = suggestion.choice_value.partition("@")[0]
        return (order.get(key, len(order)), -suggestion.score, suggestion.name)

    return sorted(found, key=rank)


def _methods(situation: rules.Situation) -> list[MethodHint]:
    wanted = rules.staff_methods(situation)
    names = dict(
        g.Method.objects.filter(key__in=[rule.method_key for rule in wanted]).values_list(
            "key", "name"
        )
    )
    return [
        MethodHint(key=rule.method_key, name=names[rule.method_key], why=str(rule.why))
        for rule in wanted
        if rule.method_key in names
    ]


def _receiving(
    provider: g.InternalProvider, district: g.District, notes: list[str]
) -> tuple[bool, g.District | None, str]:
    """Whether the provider can be offered, the district that receives, and a note."""
    if provider.city_wide:
        return True, None, _("stadsövergripande")
    if provider.requires_sig and not district.has_sig:
        if district.sig_provided_by is None:
            notes.append(
                _(
                    "%(district)s har ingen egen SIG och ingen förvaltning som säljer SIG "
                    "är registrerad; %(provider)s föreslås därför inte."
                )
                % {"district": district.name, "provider": provider.name}
            )
            return False, None, ""
        receiving = district.sig_provided_by
        return True, receiving, _("köps av %(district)s") % {"district": receiving.name}
    return True, district, district.name


def _internal(
    *,
    situation: rules.Situation,
    group_ids: set[int],
    wanted_kinds: set[str],
    district: g.District,
    notes: list[str],
) -> list[Suggestion]:
    must = {rule.key: rule for rule in rules.required(situation, internal=True)}
    internal = []
    for provider in g.InternalProvider.objects.prefetch_related("target_groups", "support_forms"):
        offered, receiving, note = _receiving(provider, district, notes)
        if not offered:
            continue
        matched_groups = [t for t in provider.target_groups.all() if t.pk in group_ids]
        matched_forms = [f for f in provider.support_forms.all() if f.kind in wanted_kinds]
        score = 3 * len(matched_groups) + 2 * len(matched_forms)
        rule = must.get(provider.key)
        if score == 0 and rule is None:
            continue
        reasons = [_target_group_reason(t) for t in matched_groups]
        reasons += [_("stöd: %(support_form)s") % {"support_form": f.name} for f in matched_forms]
        internal.append(
            Suggestion(
                choice_value=internal_choice(provider.key, receiving.key if receiving else None),
                name=provider.name,
                score=score,
                reasons=reasons,
                note=note,
                rule_reason=str(rule.why) if rule else "",
            )
        )
    return internal


def _target_group_reason(target_group: g.TargetGroup) -> str:
    return _("målgrupp: %(target_group)s") % {"target_group": target_group.short_name}


_CANDIDATE_FIELDS = [
    "pk", "name", "organisation__name", "organisation__category", "serves_children",
    "groups", "local", "speaks",
]  # fmt: skip


def _external(
    *,
    situation: rules.Situation,
    group_ids: set[int],
    children_involved: bool,
    wanted_categories: set[str],
    language: g.Language | None,
    district: g.District,
) -> list[Suggestion]:
    """The situation's must-haves and the best ``MAX_EXTERNAL`` other active services
    that reach the district, with reasons.

    Every candidate is scored from one query of plain values (how many of the
    relative's target groups it serves, whether it is in the district, speaks the
    language); only the best few are then loaded with their target groups to word
    the reasons. Loading every service with its links took a third of a second
    per step with a city-sized directory. Excluded services and methods for staff
    are never candidates.
    """
    must = {rule.key: rule for rule in rules.required(situation)}
    reaching = (
        g.Service.objects.filter(status=g.Service.Status.ACTIVE)
        .filter(Q(districts=district) | Q(districts__isnull=True))
        .exclude(key__in=rules.never_recipients(situation))
    )
    in_district = g.Service.districts.through.objects.filter(
        service=OuterRef("pk"), district=district
    )
    speaks: Value | Exists = Value(False, output_field=BooleanField())
    if language is not None and language.code != "sv":
        speaks = Exists(
            g.Service.languages.through.objects.filter(service=OuterRef("pk"), language=language)
        )
    candidates = (
        g.Service.objects.filter(pk__in=reaching.values("pk"))
        .annotate(
            groups=Count("target_groups", filter=Q(target_groups__in=group_ids), distinct=True),
            local=Exists(in_district),
            speaks=speaks,
        )
        .values_list("key", *_CANDIDATE_FIELDS)
    )
    ranked, required = [], {}
    for key, pk, name, organisation, category, children, groups, local, speaks_it in candidates:
        score = 3 * groups + bool(speaks_it) + bool(local)
        score += 2 * (children_involved and children) + 2 * (category in wanted_categories)
        row = (-score, f"{organisation}: {name}", pk, bool(local), bool(speaks_it))
        if key in must:
            required[pk] = row
        elif groups or score >= 3:
            ranked.append(row)
    best = {row[2]: row for row in sorted(ranked)[:MAX_EXTERNAL]} | required
    services = (
        g.Service.objects.filter(pk__in=best)
        .select_related("organisation")
        .prefetch_related("target_groups")
    )
    external = []
    for service in services:
        negative_score, _name, _pk, local, speaks_it = best[service.pk]
        reasons = _service_reasons(
            service,
            group_ids=group_ids,
            children_involved=children_involved,
            wanted_categories=wanted_categories,
            language=language if speaks_it else None,
            district=district if local else None,
        )
        rule = must.get(service.key)
        external.append(
            Suggestion(
                choice_value=service.key,
                name=str(service),
                score=-negative_score,
                reasons=reasons,
                service=service,
                rule_reason=str(rule.why) if rule else "",
            )
        )
    return external


def _service_reasons(
    service: g.Service,
    *,
    group_ids: set[int],
    children_involved: bool,
    wanted_categories: set[str],
    language: g.Language | None,
    district: g.District | None,
) -> list[str]:
    """Why a service was ranked as it was; ``language`` and ``district`` only when
    it speaks the one and is in the other."""
    reasons = [_target_group_reason(t) for t in service.target_groups.all() if t.pk in group_ids]
    if service.key in rules.CONDITION_REASONS:
        reasons.insert(0, str(rules.CONDITION_REASONS[service.key]))
    if children_involved and service.serves_children:
        reasons.append(_("tar emot barn"))
    if service.organisation.category in wanted_categories:
        reasons.append(service.organisation.get_category_display().lower())
    if language is not None:
        reasons.append(_("språk: %(language)s") % {"language": language.name})
    if district is not None:
        reasons.append(_("finns i %(district)s") % {"district": district.name})
    return reasons
