"""The site's addresses plus two views that fail, for the error page tests."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from support_directory.urls import urlpatterns as site_urlpatterns

SECRET_DETAIL = "internal detail that must not reach the page"


def suspicious(request):
    raise SuspiciousOperation(SECRET_DETAIL)


def forbidden(request):
    raise PermissionDenied(SECRET_DETAIL)


urlpatterns = [
    path("test-errors/suspicious/", suspicious),
    path("test-errors/forbidden/", forbidden),
    *site_urlpatterns,
]
