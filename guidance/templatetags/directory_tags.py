"""What a directory card needs beyond the service's fields: the check notice
and a dialable phone link. The rules live in ``guidance.verification``."""

from django import template

from guidance import verification

register = template.Library()


@register.simple_tag
def service_check(service) -> verification.VerificationNotice:
    """``{% service_check service as check %}``: is the service due, and what to say."""
    return verification.notice_for(service)


@register.filter
def tel_href(phone: str) -> str:
    return verification.tel_href(phone or "")
