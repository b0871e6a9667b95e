"""The "Gör nu" box for a submitted contact (its situation as recorded)."""

from django import template

from referrals.intake import actions, situation

register = template.Library()


@register.inclusion_tag("referrals/_do_now.html")
def do_now_for_contact(contact) -> dict:
    """The contact's district, entry route and target groups fetched with it."""
    return {"do_now": actions.do_now(situation.from_contact(contact))}
