"""The Swedish catalogue in locale/sv is complete and its compiled form is in step.

``make messages`` extracts every interface string into ``locale/sv/LC_MESSAGES/
django.po`` and compiles ``django.mo``. These tests run the same extraction on a copy
of the project in a temporary directory and compare the strings, so a new or changed
``gettext``/``{% translate %}`` string without ``make messages`` fails here. They need
GNU gettext (xgettext, msguniq, msgmerge, msgfmt); ``make test`` installs it.
"""

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "sv" / "LC_MESSAGES"
TOOLS = ("xgettext", "msguniq", "msgmerge", "msgfmt")
# What `make messages` passes to makemessages (see the Makefile).
MAKEMESSAGES = {"locale": ["sv"], "no_obsolete": True, "add_location": "file"}
# Not source: the copy leaves these out (dot directories: .git, .venv, caches).
NOT_SOURCE = (
    ".*",
    "__pycache__",
    "locale",
    "node_modules",
    "staticfiles",
    "backups",
    "test-results",
    "*.sqlite3",
)

pytestmark = pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in TOOLS),
    reason="GNU gettext is not installed (apt-get install gettext; `make test` does it)",
)

Message = tuple[str | None, str, str | None]  # context, msgid, plural msgid


def messages(path: Path) -> set[Message]:
    """The (msgctxt, msgid, msgid_plural) of every entry of a PO file but the header;
    comments and obsolete (``#~``) entries left out. Strings are compared as written
    in the file, escapes and all, joined across lines."""
    found: set[Message] = set()
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        fields: dict[str, str] = {}
        current = None
        for line in block.splitlines():
            keyword = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) "', line)
            if keyword:
                current = keyword.group(1)
                fields[current] = line[keyword.end() : -1]
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if fields.get("msgid"):
            found.add((fields.get("msgctxt"), fields["msgid"], fields.get("msgid_plural")))
    return found


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> set[Message]:
    """The strings makemessages finds in a copy of the project now."""
    copy = tmp_path_factory.mktemp("catalogue") / "project"
    shutil.copytree(
        settings.BASE_DIR, copy, ignore=shutil.ignore_patterns(*NOT_SOURCE), symlinks=True
    )
    locale = copy / "locale"
    with pytest.MonkeyPatch.context() as patch, override_settings(LOCALE_PATHS=[locale]):
        patch.chdir(copy)  # makemessages reads the directory it runs in
        call_command("makemessages", verbosity=0, **MAKEMESSAGES)
    return messages(locale / "sv" / "LC_MESSAGES" / "django.po")


def test_no_interface_string_is_missing_from_the_catalogue(extracted):
    missing = sorted(extracted - messages(CATALOGUE / "django.po"), key=str)
    assert missing == [], "run `make messages` and commit locale/"


def test_the_catalogue_has_no_string_the_code_no_longer_uses(extracted):
    stale = sorted(messages(CATALOGUE / "django.po") - extracted, key=str)
    assert stale == [], "run `make messages` and commit locale/"


def test_the_msgstrs_are_empty_because_the_msgids_are_swedish():
    """An empty msgstr shows the Swedish msgid; a filled one would only repeat it
    or, worse, drift from it."""
    text = (CATALOGUE / "django.po").read_text(encoding="utf-8")
    body = text[text.index("\n\n") :]  # past the header entry
    filled = re.findall(r'^msgstr(?:\[\d+\])? "(.+)"$', body, flags=re.MULTILINE)
    assert filled == []


def test_the_compiled_catalogue_is_in_step_with_the_po_file(tmp_path):
    compiled = tmp_path / "django.mo"
    msgfmt = shutil.which("msgfmt")
    subprocess.run(  # noqa: S603 - a fixed program, arguments are ours
        [msgfmt, "--check-format", "-o", str(compiled), str(CATALOGUE / "django.po")], check=True
    )

    def catalogue(path: Path) -> dict:
        with path.open("rb") as stream:
            translations = gettext.GNUTranslations(stream)
        entries = dict(translations._catalog)
        header = entries.pop("")
        plural_forms = re.search(r"Plural-Forms: (.*)", header).group(1)
        return {"entries": entries, "plural_forms": plural_forms}

    assert catalogue(CATALOGUE / "django.mo") == catalogue(compiled)


def test_the_parser_reads_contexts_plurals_and_continued_lines(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: sv\\n"\n\n'
        '#: referrals/views.py\nmsgid ""\n"En lång "\n"mening."\nmsgstr ""\n\n'
        'msgctxt "knapp"\nmsgid "Spara"\nmsgstr ""\n\n'
        'msgid "%(n)s dag"\nmsgid_plural "%(n)s dagar"\nmsgstr[0] ""\nmsgstr[1] ""\n\n'
        '#~ msgid "Borttagen"\n#~ msgstr ""\n',
        encoding="utf-8",
    )

    assert messages(po) == {
        (None, "En lång mening.", None),
        ("knapp", "Spara", None),
        (None, "%(n)s dag", "%(n)s dagar"),
    }
