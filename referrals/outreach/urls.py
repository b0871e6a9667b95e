"""The outreach pages' addresses, in the ``referrals`` namespace."""

from referrals.outreach.views import incidents, relatives, statistics, task_page

urlpatterns = [
    *incidents.urlpatterns,
    *relatives.urlpatterns,
    *statistics.urlpatterns,
    *task_page.urlpatterns,
]
