"""Project-level pages."""

from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator
from django.views.generic import TemplateView


@method_decorator(login_not_required, name="dispatch")
class AccessibilityStatementView(TemplateView):
    """Tillgänglighetsredogörelse: public, as the law on accessible digital public services asks."""

    template_name = "accessibility.html"
