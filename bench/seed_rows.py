"""Writing the benchmark's rows fast: COPY on PostgreSQL, bulk inserts on SQLite,
sequences reset after; and the small random helpers the seeding shares."""

import json
import math
import random
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.management.color import no_style
from django.db import connection, models

from audit.models import AuditEvent
from referrals.models import (
    Referral,
)

CHUNK = 5_000  # contacts generated and written per round


Status = Referral.Status


A = AuditEvent.Action


_FIRST_NAMES = [
    "Anna", "Maria", "Elin", "Sara", "Fatima", "Amina", "Karin", "Lena", "Sofia", "Emma",
    "Johan", "Erik", "Ahmed", "Mohamed", "Lars", "Anders", "Ali", "Mikael", "Oskar", "Nils",
]  # fmt: skip


_LAST_NAMES = [
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Ali",
    "Hassan", "Persson", "Svensson", "Gustafsson", "Pettersson", "Mohammed", "Lindberg",
]  # fmt: skip


def _is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def write(model: type[models.Model], columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """Insert ``rows`` (tuples in ``columns`` order, attribute names) into ``model``'s table.

    PostgreSQL: one ``COPY``. Elsewhere: ``INSERT``s of 500 rows, each value
    prepared by its field as ``save()`` would.
    """
    fields = [model._meta.get_field(column) for column in columns]
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    json_at = [i for i, f in enumerate(fields) if isinstance(f, models.JSONField)]
    count = 0
    with connection.cursor() as cursor:
        if _is_postgresql():
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    if json_at:
                        row = list(row)
                        for i in json_at:
                            row[i] = json.dumps(row[i])
                    copy.write_row(row)
                    count += 1
            return count
        placeholders = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"  # noqa: S608 (model names)
        batch: list[list] = []
        for row in rows:
            batch.append(
                [f.get_db_prep_save(v, connection) for f, v in zip(fields, row, strict=True)]
            )
            if len(batch) == 500:
                cursor.executemany(sql, batch)
                count, batch = count + len(batch), []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def _next_id(model: type[models.Model]) -> int:
    return (model.objects.aggregate(top=models.Max("pk"))["top"] or 0) + 1


def _reset_sequences(*seeded: type[models.Model]) -> None:
    """Explicit ids bypass the sequences; move them past the seeded rows."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(seeded))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


# --- Staff ----------------------------------------------------------------------


PREFIX = "bench-"


@dataclass(frozen=True)
class Sizes:
    """How much to add. ``referrals`` >= ``contacts`` (every contact has one)."""

    staff: int = 300
    directory: int = 1_000  # services; organisations are about 2/5 of that
    contacts: int = 100_000
    referrals: int = 150_000
    sessions: int = 300_000
    audit_events: int = 1_000_000
    incidents: int = 3_000  # serious incidents, each with its plans, tasks, relatives reached

    def times(self, factor: float) -> "Sizes":
        return Sizes(*(math.ceil(value * factor) for value in self.__dict__.values()))


_INTERNAL_WEIGHTS = {
    "relative-support-consultant": 60,
    "family-therapist": 12,
    "outpatient-adults": 10,
    "outpatient-children": 12,
    "city-treatment-unit": 6,
}
