from django.apps import AppConfig


class RolesConfig(AppConfig):
    name = "roles"
    verbose_name = "System leaders and designations"
