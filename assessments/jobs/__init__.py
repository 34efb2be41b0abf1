"""Background work: jobs a person waits for, run by the queue's workers
(django-tasks with its database backend, docs/deploy.md "Background work")."""
