"""Reads of the guided path: the caseworker's drafts and contacts (access in
``referrals.access``)."""

import uuid

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from referrals import access
from referrals.models import Contact, Draft


def own_draft(*, user: User, pk: uuid.UUID | str) -> Draft:
    return get_object_or_404(Draft, pk=pk, owner=user)


def open_drafts(*, user: User) -> QuerySet[Draft]:
    return Draft.objects.filter(owner=user, contact__isnull=True).order_by("-updated_at")


def my_contacts(*, user: User) -> QuerySet[Contact]:
    return (
        access.own_contacts(user)
        .select_related("district", "entry_route")
        .prefetch_related("referrals")
        .order_by("-created_at")
    )


def own_contact(*, user: User, reference: str) -> Contact:
    return access.access_contact(
        user,
        reference,
        select_related=(
            "district",
            "entry_route",
            "language",
            "person_caseworker",
            "disclosure",
            "child_concern_report",
        ),
        prefetch_related=(
            "target_groups",
            "consents",
            "referrals__provider",
            "referrals__receiving_district",
            "referrals__service__organisation",
        ),
    )
