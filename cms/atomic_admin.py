"""Every change made through the Wagtail admin is all or nothing, as in Django's own admin.

Wagtail runs several admin actions as a series of separate writes. Resubmitting a page after
"request changes" is the one that hurt: `WorkflowState.resume` first saves the review as in
progress with no current task, then starts the task again. Between the two, another request (the
editor's own autosave) saw a review with no task and failed on `current_task_state.finished_at`;
and if the second write failed ("database is locked" on SQLite) the review stayed like that, and
every later render of the editor failed too. Wrapping each admin request that may write (any
method but GET, HEAD, OPTIONS) in one transaction means others see the change whole or not at all,
and a failure (an exception, which Django hands back as a 500 response) leaves everything as it
was. Last in MIDDLEWARE, so the transaction holds only the view (and the CSRF check before it).
On SQLite (IMMEDIATE transactions) such a request waits for the write lock when it starts."""

from django.conf import settings
from django.db import transaction

READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class AtomicAdminChangesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in READ_ONLY_METHODS or not request.path_info.startswith(settings.ADMIN_PREFIX):
            return self.get_response(request)
        with transaction.atomic():
            response = self.get_response(request)
            if response.status_code >= 500:
                # Django has already turned the view's exception into this response, so the
                # transaction must be told that the change failed.
                transaction.set_rollback(True)
            return response
