"""The directory as Open Referral HSDS 3.0 JSON.

The shape is the HSDS API's page of services (``/services``): each service
carries its organisation, phones, contacts, languages and service areas
nested, as in the specification's compiled ``service.json``. Identifiers are
UUIDs derived (UUIDv5) from our stable keys, so the same entry has the same
id in every export. Fields we do not hold are left out, not sent empty.

Required by the specification (``"required"`` in each schema file):
organization ``id, name, description``; service ``id, name, status`` (and
``organization_id`` in tabular form); phone ``id, number``; contact, language
and service_area ``id``. ``REQUIRED`` lists them for the tests.
"""

import uuid

from guidance import models as m
from guidance.directory_io.export import directory_services

# All our ids live under this namespace; the name is ours, not a web address.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:anhorigstod:stockholm:directory")

REQUIRED = {
    "organization": ("id", "name", "description"),
    "service": ("id", "name", "status", "organization_id"),
    "phone": ("id", "number"),
    "contact": ("id",),
    "language": ("id",),
    "service_area": ("id",),
}

# Our status to HSDS 3's enumeration (active, inactive, defunct, temporarily closed).
STATUS = {
    m.Service.Status.ACTIVE: "active",
    m.Service.Status.TEMPORARILY_CLOSED: "temporarily closed",
    m.Service.Status.CLOSED: "defunct",
}

WHOLE_CITY = "Hela Stockholms stad"


def stable_id(*parts: str) -> str:
    """A UUIDv5 from our keys: the same keys give the same id in every export."""
    return str(uuid.uuid5(NAMESPACE, ":".join(parts)))


def _without_empty(record: dict) -> dict:
    return {name: value for name, value in record.items() if value not in ("", None, [])}


def organization(organisation) -> dict:
    return _without_empty(
        {
            "id": stable_id("organisation", organisation.key),
            "name": organisation.name,
            "description": organisation.description,
            "website": organisation.website,
        }
    )


def phones(service) -> list[dict]:
    if not service.phone:
        return []
    return [
        _without_empty(
            {
                "id": stable_id("service", service.key, "phone"),
                "service_id": stable_id("service", service.key),
                "number": service.phone,
                "type": "voice",
                "description": service.opening_hours,
            }
        )
    ]


def contacts(service) -> list[dict]:
    if not service.email:
        return []
    return [
        {
            "id": stable_id("service", service.key, "contact"),
            "service_id": stable_id("service", service.key),
            "name": service.name,
            "email": service.email,
        }
    ]


def languages(service) -> list[dict]:
    return [
        {
            "id": stable_id("service", service.key, "language", language.code),
            "service_id": stable_id("service", service.key),
            "name": language.name,
            "code": language.code,
        }
        for language in service.languages.all()
    ]


def service_areas(service) -> list[dict]:
    service_id = stable_id("service", service.key)
    areas = [(district.key, district.name) for district in service.districts.all()]
    return [
        {
            "id": stable_id("service", service.key, "area", key),
            "service_id": service_id,
            "name": name,
        }
        for key, name in areas or [("stockholm", WHOLE_CITY)]
    ]


def service(service) -> dict:
    record = {
        "id": stable_id("service", service.key),
        "organization_id": stable_id("organisation", service.organisation.key),
        "name": service.name,
        "description": service.description,
        "url": service.url,
        "email": service.email,
        "status": STATUS[service.status],
        "eligibility_description": service.eligibility or service.who_it_helps,
        "minimum_age": service.minimum_age,
        "maximum_age": service.maximum_age,
        "assured_date": service.last_verified_at.isoformat() if service.last_verified_at else "",
        "alert": service.closure_reason,
    }
    return _without_empty(record) | {
        "organization": organization(service.organisation),
        "phones": phones(service),
        "contacts": contacts(service),
        "languages": languages(service),
        "service_areas": service_areas(service),
    }


def directory_hsds(services=None) -> dict:
    """One page holding every service, as the HSDS API's ``/services`` answers."""
    contents = [service(item) for item in (directory_services() if services is None else services)]
    return {
        "total_items": len(contents),
        "total_pages": 1,
        "page_number": 1,
        "size": len(contents),
        "first_page": True,
        "last_page": True,
        "empty": not contents,
        "contents": contents,
    }
