from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The site app at the bottom: what every page shares, importing none of the other apps."""

    name = "core"
    verbose_name = "Site"
