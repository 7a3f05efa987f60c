from django.apps import AppConfig


class SupportCoverageConfig(AppConfig):
    name = "support_coverage"
    verbose_name = "Coverage statistics"
