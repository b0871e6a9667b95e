"""The fixed answers of the guided path's questions (relation, age group, …)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Relation(models.TextChoices):
    PARENT = "parent", _("Förälder")
    SIBLING = "sibling", _("Syskon")
    CHILD = "child", _("Barn")
    PARTNER = "partner", _("Partner eller make/maka")
    GRANDPARENT = "grandparent", _("Mor- eller farförälder")
    OTHER_FAMILY = "other_family", _("Annan släkting")
    FRIEND = "friend", _("Vän eller annan närstående")


class AgeGroup(models.TextChoices):
    UNDER_13 = "0-12", _("Under 13 år")
    AGE_13_17 = "13-17", _("13–17 år")
    AGE_18_25 = "18-25", _("18–25 år")
    AGE_26_44 = "26-44", _("26–44 år")
    AGE_45_64 = "45-64", _("45–64 år")
    AGE_65_UP = "65-", _("65 år eller äldre")
    UNKNOWN = "unknown", _("Vet inte")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Kvinna")
    MAN = "man", _("Man")
    OTHER = "other", _("Annat")
    NOT_STATED = "not_stated", _("Vill inte ange / inte frågat")


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("Telefon")
    SMS = "sms", _("Sms")
    LETTER = "letter", _("Brev")
    MEETING = "meeting", _("Möte på kontoret")
    HOME_VISIT = "home_visit", _("Hembesök")
    THROUGH_OTHER = "through_other", _("Via annan person")


class Need(models.TextChoices):
    CRISIS = "crisis", _("Krisstöd nu")
    ADVICE = "advice", _("Råd och stöd (samtal)")
    ASSESSED = "assessed", _("Ansökan om biståndsbedömd insats")
    PRACTICAL = "practical", _("Praktiska frågor")
    HEALTH_CARE = "health_care", _("Hälso- och sjukvård")
    GROUP = "group", _("Gruppstöd")
    PARENTING = "parenting", _("Föräldraskapsstöd")


class PracticalMatter(models.TextChoices):
    SKATTEVERKET = "skatteverket", _("Skatteverket")
    FORSAKRINGSKASSAN = "forsakringskassan", _("Försäkringskassan")
    INSURANCE = "insurance", _("Försäkringsbolag")
    FUNERAL = "funeral", _("Begravningsbyrå")


# --- The situation: the event behind the contact (issue 14) ---------------------------


class EventKind(models.TextChoices):
    SHOOTING = "shooting", _("Skjutning")
    LETHAL_VIOLENCE = "lethal_violence", _("Dödligt våld")
    OTHER_VIOLENCE = "other_violence", _("Annat grovt våld")
    NONE = "none", _("Ingen sådan händelse")


class FloContact(models.TextChoices):
    YES = "yes", _("Ja, den anhöriga har kontakt med en FLO")
    NO = "no", _("Nej")
    UNKNOWN = "unknown", _("Vet inte")


# --- A child as the relative (the guardians' step) ----------------------------------


class GuardiansInformed(models.TextChoices):
    ALL = "all", _("Ja, vårdnadshavarna vet om kontakten")
    SOME = "some", _("En av vårdnadshavarna vet om kontakten")
    NONE = "none", _("Nej, ingen vårdnadshavare vet om kontakten")


class GuardiansNotInformedReason(models.TextChoices):
    RELATED_PERSON = "related_person", _("Vårdnadshavaren är den närstående")
    HARM = "harm", _("Det kan skada barnet eller utsätta barnet för risk")
    UNREACHABLE = "unreachable", _("Vårdnadshavaren går inte att nå")
    NOT_YET = "not_yet", _("Inte ännu, vårdnadshavarna informeras senare")
    OTHER = "other", _("Annat skäl (skriv kort i anteckningen)")


class ChildConsentFrom(models.TextChoices):
    GUARDIANS = "guardians", _("Barnets vårdnadshavare")
    CHILD_AND_GUARDIANS = "child_and_guardians", _("Barnet och vårdnadshavarna")
    CHILD = "child", _("Barnet självt")
