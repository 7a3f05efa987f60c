from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Teaching school portal"

    def ready(self):
        from audit.recording import register

        from .models import Invitation

        # Who invited whom and who accepted (the memberships, and who removed whose access: roles.apps).
        register(Invitation, private=("token_hash",))
