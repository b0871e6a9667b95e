"""The authentication backend: Django's own, reading the signed-in user's workplace
with the user.

Nearly every page asks where the user works (``referrals.access``: their district
and unit decide what they may see). Read lazily, that was three more queries on
every request, one each for the staff profile, its district and its unit.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

WORKPLACE = ("staff_profile__district", "staff_profile__provider")


class WorkplaceBackend(ModelBackend):
    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related(*WORKPLACE)
        try:
            user = users.get(pk=user_id)
        except users.model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
