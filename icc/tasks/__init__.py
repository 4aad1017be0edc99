"""Slow work out of the request: the site's background tasks (django-tasks).

A package of ``icc`` rather than an app: the tasks have no models of their own (results are
django-tasks-db's, shown in the admin). ``queue`` holds the two helpers every task uses
(enqueue with the transaction, retry on failure); ``images`` and ``indexing`` hold the tasks.
The e-mail tasks live beside the code that writes the e-mails (``practices.services``,
``icc.accounts``). The backend is chosen by ``TASKS_BACKEND`` (README, "Configuration").
"""
