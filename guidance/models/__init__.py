"""The guidance app's models: what every item shares (``base``), the
stödmaterial's content (``content``), the districts and their routines
(``districts``), the external support directory (``directory``), its checks
(``verification``), the administrator's edits and deletions of fixture items
(``fixture_sync``), the search index (``search_index``) and the search's
synonyms (``synonyms``)."""

from guidance.models.base import ContentOwner, Fact, GuidanceItem, KeyedManager, SourceDocument
from guidance.models.content import (
    EntryRoute,
    GoodPractice,
    InternalProvider,
    LegalReference,
    Method,
    SupportForm,
    TargetGroup,
    Topic,
)
from guidance.models.directory import Language, LanguageManager, Organisation, Service
from guidance.models.districts import District, LocalRoutine, RoutineStep
from guidance.models.fixture_sync import FixtureConflict, FixtureTombstone, LocalEdit
from guidance.models.search_index import SearchDocument
from guidance.models.synonyms import SearchSynonym
from guidance.models.verification import LinkCheck, ServiceCheck

__all__ = [
    "ContentOwner",
    "District",
    "EntryRoute",
    "Fact",
    "FixtureConflict",
    "FixtureTombstone",
    "GoodPractice",
    "GuidanceItem",
    "InternalProvider",
    "KeyedManager",
    "Language",
    "LanguageManager",
    "LegalReference",
    "LinkCheck",
    "LocalEdit",
    "LocalRoutine",
    "Method",
    "Organisation",
    "RoutineStep",
    "SearchDocument",
    "SearchSynonym",
    "Service",
    "ServiceCheck",
    "SourceDocument",
    "SupportForm",
    "TargetGroup",
    "Topic",
]
