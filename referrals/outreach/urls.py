"""The outreach pages' addresses, in the ``referrals`` namespace."""

from referrals.outreach.views import incidents, relatives, statistics

urlpatterns = [*incidents.urlpatterns, *relatives.urlpatterns, *statistics.urlpatterns]
