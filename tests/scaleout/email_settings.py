"""The production settings with emails written to files in SCALEOUT_EMAIL_DIR, so that a test can count what
`send_enquiries` sent from several processes."""

import os

from support_directory.settings.production import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["SCALEOUT_EMAIL_DIR"]
