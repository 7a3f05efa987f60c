from django.apps import AppConfig


class RolesConfig(AppConfig):
    name = "roles"
    verbose_name = "System leaders and designations"

    def ready(self):
        from audit.recording import register

        from .models import (
            AlliancePartnership,
            Capacity,
            Designation,
            SystemLeader,
            TeachingSchoolAlliance,
            TeachingSchoolMembership,
        )

        register(Designation, m2m=("specialisms",))
        register(SystemLeader)
        register(TeachingSchoolAlliance)
        register(AlliancePartnership)
        register(Capacity)
        # Teaching school staff: who removed whose access.
        register(TeachingSchoolMembership)
