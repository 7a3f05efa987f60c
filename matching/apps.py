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
        register(Enquiry)
