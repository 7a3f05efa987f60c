from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = "Schools and areas"

    def ready(self):
        from audit.recording import register

        from .models import SupportFlag

        register(SupportFlag)
