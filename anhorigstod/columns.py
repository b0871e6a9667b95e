"""The columns a page reads of the rows it joins in: what it shows, not whole rows.

``select_related`` reads every column of every table it joins. A user joined in to be
named brings their password hash, e-mail address and login times along; a district
joined in for its name brings its long texts. Every column is planned by PostgreSQL,
sent, compiled into the query and set on the object by Django, on every view, and
the password hash has no business in a page's query at all.
"""

from django.contrib.auth import get_user_model
from django.db import models

USER_NAMES = ("first_name", "last_name", "username")


def shown_only(relation: str, model: type[models.Model], shown: tuple[str, ...]) -> list[str]:
    """For ``QuerySet.defer()``: every column of ``model``, joined in as ``relation``,
    except its key and ``shown``."""
    return [
        f"{relation}__{field.name}"
        for field in model._meta.concrete_fields
        if not field.primary_key and field.name not in shown
    ]


def names_only(*relations: str) -> list[str]:
    """For ``QuerySet.defer()``: every column of the users ``relations`` lead to, except
    what names them (``get_full_name``, or the user name)."""
    user = get_user_model()
    return [column for relation in relations for column in shown_only(relation, user, USER_NAMES)]
