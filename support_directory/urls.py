from django.contrib import admin
from django.urls import include, path

from portal.invitation_views import InvitationAcceptView
from signin.forms import AdminSignInForm

admin.site.site_header = "Find school-to-school support: curation"
admin.site.site_title = "Find school-to-school support"
admin.site.index_template = "admin/curation_index.html"  # adds the improvement offer
admin.site.login_form = AdminSignInForm  # throttled, like the portal's sign-in (signin/throttle.py)

urlpatterns = [
    path("", include("pages.urls")),
    path("", include("directory.urls")),
    path("", include("matching.urls")),
    path("", include("support_coverage.urls")),
    path("portal/invitation/<str:token>/", InvitationAcceptView.as_view(), name="portal_invitation_accept"),
    path("portal/", include("portal.urls")),
    path("admin/", admin.site.urls),
]
