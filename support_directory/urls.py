from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Find school-to-school support: curation"
admin.site.site_title = "Find school-to-school support"

urlpatterns = [
    path("", include("pages.urls")),
    path("", include("directory.urls")),
    path("portal/", include("portal.urls")),
    path("admin/", admin.site.urls),
]
