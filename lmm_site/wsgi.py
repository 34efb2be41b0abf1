"""
WSGI config for lmm_site project.

It exposes the WSGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/5.2/howto/deployment/wsgi/
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lmm_site.settings")

application = get_wsgi_application()

# Imported once the app registry is ready. With embedded workers (the default) this
# process runs queued jobs in a thread from now on, also those a command queued.
from assessments.jobs import embedded  # noqa: E402

embedded.serving()
