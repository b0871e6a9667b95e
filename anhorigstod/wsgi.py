import os

from django.core.wsgi import get_wsgi_application

from anhorigstod.worker import settle_startup_heap

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anhorigstod.settings")

application = get_wsgi_application()
settle_startup_heap()
