from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("search/", views.SearchView.as_view(), name="search"),
    path("search/results.csv", views.SearchDownloadView.as_view(format="csv"), name="download_csv"),
    path("search/results.json", views.SearchDownloadView.as_view(format="json"), name="download_json"),
    path("leaders/<int:pk>/", views.LeaderDetailView.as_view(), name="leader"),
    path("schools/<int:urn>/", views.SchoolDetailView.as_view(), name="school"),
    path("teaching-schools/<int:urn>/", views.TeachingSchoolDetailView.as_view(), name="teaching_school"),
    path("guidance/", views.GuidanceIndexView.as_view(), name="guidance_index"),
    path("guidance/<slug:slug>/", views.GuidanceView.as_view(), name="guidance"),
]
