"""Keep the search index in step with every save, from the admin or the loader, and
forget what this worker keeps of the guidance (the content owner, the start page's
lists) when it changes."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from guidance import models, search, selectors


@receiver(post_save)
def index_saved_item(sender, instance, raw=False, **kwargs):
    if raw or sender not in search.INDEXED_FIELDS:
        return
    search.index(instance)
    if sender is models.Organisation:
        for service in instance.services.all():
            search.index(service)


@receiver(post_delete)
def unindex_deleted_item(sender, instance, **kwargs):
    if sender in search.INDEXED_FIELDS:
        search.unindex(instance)


@receiver([post_save, post_delete], sender=models.ContentOwner)
def forget_content_owner(**kwargs):
    cache.delete(selectors.CONTENT_OWNER_KEY)


@receiver([post_save, post_delete])
def forget_start_page_lists(sender, **kwargs):
    if sender in selectors.START_LISTS_MODELS:
        selectors.forget_start_page_lists()
