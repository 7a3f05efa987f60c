from django.apps import AppConfig


class SigninConfig(AppConfig):
    name = "signin"
    verbose_name = "Signing in"

    def ready(self):
        from . import signals  # noqa: F401  (connects the sign-in, sign-out and session-start receivers)
