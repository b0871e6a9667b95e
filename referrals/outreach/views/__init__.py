"""The outreach pages, one module per part: the incident and its plan
(``incidents``), a task's rarer changes (``task_page``), the relatives reached
(``relatives``), the committee's statistics (``statistics``). Each module lists its
own ``urlpatterns``."""
