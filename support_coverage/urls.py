from django.urls import path

from core.page_cache import cached_page

from . import views

app_name = "coverage"

urlpatterns = [
    path("coverage/", cached_page(views.CoverageView.as_view()), name="index"),
    path("coverage.csv", cached_page(views.CoverageDownloadView.as_view()), name="download"),
    path("coverage/<str:code>/", cached_page(views.RegionCoverageView.as_view()), name="region"),
    path("coverage/<str:code>.csv", cached_page(views.CoverageDownloadView.as_view()), name="region_download"),
]
