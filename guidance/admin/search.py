"""Finding an entry in the directory's admin: search and list filters.

The admin's own search compares text as typed, so a phone number typed without
its spaces and dashes ("0850825000") would never find "08-508 25 000".
``with_phone_digits`` adds a comparison of digits only, written as nested
``REPLACE`` calls that SQLite and PostgreSQL both understand.
"""

import re

from django.contrib import admin
from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.functions import Replace
from django.utils.translation import gettext_lazy as _

from guidance import models as m

# What people type between the digits of a phone number.
_PHONE_SEPARATORS = (" ", "-", "+", "(", ")", ".", "/", "\u2013", "\u00a0")
# A search term that is a phone number: digits and separators only.
_PHONE_TERM = re.compile(r"^[\d\s\-+().\/\u2013\u00a0]+$")
# Fewer digits than this match too much to be meant as a phone number.
MIN_PHONE_DIGITS = 4


def phone_digits_term(search_term: str) -> list[str]:
    """The digit strings to look for when ``search_term`` is a phone number:
    its digits, and for "+46 8 …" also the national form "08…". Empty when the
    term is not a phone number."""
    term = search_term.strip()
    if not _PHONE_TERM.match(term):
        return []
    digits = re.sub(r"\D", "", term)
    if len(digits) < MIN_PHONE_DIGITS:
        return []
    variants = [digits]
    if digits.startswith("46") and term.lstrip().startswith("+"):
        variants.append("0" + digits[2:])
    elif digits.startswith("0046"):
        variants.append("0" + digits[4:])
    return variants


def digits_only(field: str):
    """The field with the usual phone separators removed, in the database."""
    expression: F | Replace = F(field)
    for separator in _PHONE_SEPARATORS:
        expression = Replace(expression, Value(separator), Value(""))
    return expression


def with_phone_digits(queryset, results, search_term: str):
    """``results`` (the admin's own search) plus the services in ``queryset``
    whose phone number has the digits of ``search_term``, when it is one."""
    variants = phone_digits_term(search_term)
    if not variants:
        return results
    digits_match = Q()
    for digits in variants:
        digits_match |= Q(phone_digits__contains=digits)
    by_phone = queryset.alias(phone_digits=digits_only("phone")).filter(digits_match)
    return queryset.filter(Q(pk__in=results.values("pk")) | Q(pk__in=by_phone.values("pk")))


class DistrictFilter(admin.SimpleListFilter):
    """By district; "hela staden" is a service with no district at all."""

    title = _("stadsdelsförvaltning")
    parameter_name = "stadsdel"
    WHOLE_CITY = "hela-staden"

    def lookups(self, request, model_admin):
        districts = m.District.objects.order_by("name").values_list("key", "name")
        return [(self.WHOLE_CITY, _("Hela staden (ingen stadsdelsförvaltning)")), *districts]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        served = m.Service.districts.through.objects.filter(service=OuterRef("pk"))
        if value == self.WHOLE_CITY:
            return queryset.filter(~Exists(served))
        return queryset.filter(Exists(served.filter(district__key=value)))


class TargetGroupFilter(admin.SimpleListFilter):
    title = _("målgrupp")
    parameter_name = "malgrupp"

    def lookups(self, request, model_admin):
        return list(m.TargetGroup.objects.order_by("order", "name").values_list("key", "name"))

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        through = m.Service.target_groups.through.objects.filter(
            service=OuterRef("pk"), targetgroup__key=self.value()
        )
        return queryset.filter(Exists(through))


class LanguageFilter(admin.SimpleListFilter):
    title = _("språk")
    parameter_name = "sprak"

    def lookups(self, request, model_admin):
        return list(m.Language.objects.order_by("name").values_list("code", "name"))

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        through = m.Service.languages.through.objects.filter(
            service=OuterRef("pk"), language__code=self.value()
        )
        return queryset.filter(Exists(through))
