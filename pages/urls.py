from django.urls import path

from . import views

app_name = "pages"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthcheck/", views.healthcheck, name="healthcheck"),
    path("bench/floor/", views.BenchFloorView.as_view(), name="bench_floor"),
]
