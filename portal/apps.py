from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Teaching school portal"

    def ready(self):
        from audit.recording import register

        from .models import Invitation, TeachingSchoolMembership

        # Who invited whom, who accepted, and who removed whose access.
        register(Invitation, private=("token_hash",))
        register(TeachingSchoolMembership)
