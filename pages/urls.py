from django.urls import path

from . import views

app_name = "pages"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("help/", views.ContentPageView.as_view(template_name="pages/help.html"), name="help"),
    path("privacy/", views.ContentPageView.as_view(template_name="pages/privacy.html"), name="privacy"),
    path("cookies/", views.ContentPageView.as_view(template_name="pages/cookies.html"), name="cookies"),
    path(
        "accessibility/",
        views.ContentPageView.as_view(template_name="pages/accessibility.html"),
        name="accessibility",
    ),
    path("feedback/", views.FeedbackView.as_view(), name="feedback"),
    path(
        "feedback/sent/",
        views.ContentPageView.as_view(template_name="pages/feedback_sent.html"),
        name="feedback_sent",
    ),
    path("healthcheck/", views.healthcheck, name="healthcheck"),
    path("bench/floor/", views.BenchFloorView.as_view(), name="bench_floor"),
]
