from django.apps import AppConfig


class DeploymentsConfig(AppConfig):
    name = "deployments"
    verbose_name = "Deployments"

    def ready(self):
        from audit.recording import register

        from .models import Deployment, DeploymentLeader, NegotiationRecord, PupilPremiumReviewStage

        register(Deployment)
        register(DeploymentLeader)
        register(NegotiationRecord)
        register(PupilPremiumReviewStage)
