"""Notifications store a kind and its parameters and render their sentence when shown.

Existing rows keep their ``message`` (the fallback every row has) and become kind
``text``; those whose message matches one of the sentences the portal wrote are
converted to that sentence's kind and parameters, but only when the parameters
render the very same text again and name the notification's own referral. The
rest (free text, seeded or hand-written rows) stay ``text`` and show ``message``
as before. Nothing is lost backwards: reversing drops the two columns and
``message`` still holds every text.

The patterns and sentences are copied here, as they were when the migration was
written: a migration must not follow later edits of the model's sentences.
"""

import re

from django.db import migrations, models

REFERENCE = r"(?P<reference>\S+)"
STATUS_KINDS = {
    "accepterad": "referral_accepted",
    "avböjd": "referral_declined",
    "vidarebefordrad": "referral_forwarded",
    "avslutad": "referral_closed",
}
# The consent purposes' labels as the old messages wrote them (lower case).
PURPOSES = {
    "att socialtjänsten kontaktar den anhöriga": "contact_relative",
    "att uppgifter om den närstående lämnas till den anhöriga": "share_with_relative",
}
PATTERNS = [
    (re.compile(rf"^Ny hänvisning {REFERENCE} \(vidarebefordrad\)$"), "forwarded_referral"),
    (re.compile(rf"^Ny hänvisning {REFERENCE}$"), "new_referral"),
    (
        re.compile(rf"^{REFERENCE} \((?P<destination>.+)\): (?P<status>{'|'.join(STATUS_KINDS)})$"),
        None,  # the kind is the status's
    ),
    (
        re.compile(rf"^{REFERENCE}: anhörigkonsulenten vill lyfta en oro med dig$"),
        "session_concerns",
    ),
    (re.compile(rf"^{REFERENCE}: samtycke återkallat \((?P<purpose>.+)\)$"), "consent_withdrawn"),
]
SENTENCES = {
    "new_referral": "Ny hänvisning %(reference)s",
    "forwarded_referral": "Ny hänvisning %(reference)s (vidarebefordrad)",
    "referral_accepted": "%(reference)s (%(destination)s): accepterad",
    "referral_declined": "%(reference)s (%(destination)s): avböjd",
    "referral_forwarded": "%(reference)s (%(destination)s): vidarebefordrad",
    "referral_closed": "%(reference)s (%(destination)s): avslutad",
    "session_concerns": "%(reference)s: anhörigkonsulenten vill lyfta en oro med dig",
    "consent_withdrawn": "%(reference)s: samtycke återkallat (%(purpose)s)",
}
LABELS = {code: label for label, code in PURPOSES.items()}


def kind_and_params(message: str, referral_reference: str | None):
    """The kind and parameters that render ``message`` again, or None."""
    for pattern, kind in PATTERNS:
        match = pattern.match(message)
        if match is None:
            continue
        params = match.groupdict()
        if kind is None:
            kind = STATUS_KINDS[params.pop("status")]
        if "purpose" in params:
            params["purpose"] = PURPOSES.get(params["purpose"], "")
            if not params["purpose"]:
                return None
        if params["reference"] != referral_reference:
            return None
        shown = {**params, "purpose": LABELS.get(params.get("purpose", ""), "")}
        if SENTENCES[kind] % shown != message:
            return None
        return kind, params
    return None


def convert(apps, schema_editor):
    Notification = apps.get_model("referrals", "Notification")
    rows = (
        Notification.objects.filter(kind="text", referral__isnull=False)
        .select_related("referral")
        .only("message", "kind", "params", "referral__reference")
        .order_by("pk")
    )
    batch = []
    for notification in rows.iterator(chunk_size=2000):
        found = kind_and_params(notification.message, notification.referral.reference)
        if found is None:
            continue
        notification.kind, notification.params = found
        batch.append(notification)
        if len(batch) == 2000:
            Notification.objects.bulk_update(batch, ["kind", "params"])
            batch = []
    if batch:
        Notification.objects.bulk_update(batch, ["kind", "params"])


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0007_intake_yes_no_booleans"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="kind",
            field=models.CharField(
                choices=[
                    ("text", "Fritext"),
                    ("new_referral", "Ny hänvisning"),
                    ("forwarded_referral", "Ny vidarebefordrad hänvisning"),
                    ("referral_accepted", "Hänvisningen är accepterad"),
                    ("referral_declined", "Hänvisningen är avböjd"),
                    ("referral_forwarded", "Hänvisningen är vidarebefordrad"),
                    ("referral_closed", "Hänvisningen är avslutad"),
                    ("session_concerns", "Oro att lyfta"),
                    ("consent_withdrawn", "Samtycke återkallat"),
                ],
                db_default="text",
                default="text",
                max_length=30,
            ),
        ),
        migrations.AddField(
            model_name="notification",
            name="params",
            field=models.JSONField(
                blank=True, db_default=models.Value({}, models.JSONField()), default=dict
            ),
        ),
        migrations.RunPython(convert, migrations.RunPython.noop, elidable=True),
    ]
