"""The guidance app's models, in three modules: the stödmaterial's content
(``content``), the external support directory (``directory``) and the search
index (``search_index``). Imported here so Django and ``guidance.models`` find
them; the tables are unchanged."""

from guidance.models.content import (
    District,
    EntryRoute,
    GoodPractice,
    GuidanceItem,
    InternalProvider,
    KeyedManager,
    LegalReference,
    Method,
    SourceDocument,
    SupportForm,
    TargetGroup,
    Topic,
)
from guidance.models.directory import Language, LanguageManager, Organisation, Service
from guidance.models.search_index import SearchDocument

__all__ = [
    "District",
    "EntryRoute",
    "GoodPractice",
    "GuidanceItem",
    "InternalProvider",
    "KeyedManager",
    "Language",
    "LanguageManager",
    "LegalReference",
    "Method",
    "Organisation",
    "SearchDocument",
    "Service",
    "SourceDocument",
    "SupportForm",
    "TargetGroup",
    "Topic",
]
