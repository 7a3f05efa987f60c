from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = "Matching schools to support"

    def ready(self):
        from audit.recording import register

        from . import signals  # noqa: F401  (connects the receivers)
        from .models import Capacity, Enquiry, SupportFlag

        register(Capacity)
        register(SupportFlag)
        # The enquirer's details and message stay on the enquiry; its history says what changed, not what they say.
        register(Enquiry, private=("contact_name", "contact_email", "contact_telephone", "message"))
