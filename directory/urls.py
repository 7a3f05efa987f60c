from django.urls import path

from core.page_cache import cached_page

from . import views

app_name = "directory"

urlpatterns = [
    path("search/", cached_page(views.SearchView.as_view(), parts=views.search_parts), name="search"),
    path(
        "search/local-authorities/",
        cached_page(views.ChooseLocalAuthoritiesView.as_view()),
        name="choose_local_authorities",
    ),
    path("search/specialisms/", cached_page(views.ChooseSpecialismsView.as_view()), name="choose_specialisms"),
    path("search/results.csv", cached_page(views.SearchDownloadView.as_view(format="csv")), name="download_csv"),
    path("search/results.json", cached_page(views.SearchDownloadView.as_view(format="json")), name="download_json"),
    path("leaders/<int:pk>/", cached_page(views.LeaderDetailView.as_view()), name="leader"),
    path("schools/<int:urn>/", cached_page(views.SchoolDetailView.as_view()), name="school"),
    path("teaching-schools/<int:urn>/", cached_page(views.TeachingSchoolDetailView.as_view()), name="teaching_school"),
    path("guidance/", cached_page(views.GuidanceIndexView.as_view()), name="guidance_index"),
    path("guidance/<slug:slug>/", cached_page(views.GuidanceView.as_view()), name="guidance"),
]
