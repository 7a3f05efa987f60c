"""Deployments: the support system leaders give to other schools. This issue holds the kinds each role offers."""

from django.db import models

from roles.models import Role


class DeploymentKind(models.Model):
    """A kind of deployment a role offers, as the guidance lists them. Reference data, loaded by a migration."""

    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="deployment_kinds")
    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    needs_governance_review_training = models.BooleanField(
        default=False,
        help_text="Only NLGs who completed DfE training may carry out external reviews of governance.",
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["role__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["role", "name"], name="deployment_kind_unique_name_per_role"),
        ]

    def __str__(self):
        return self.name
