from django.urls import path

from roles.models import Role

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("sign-in/", views.SignInView.as_view(), name="sign_in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign_out"),
    path("sles/", views.DesignationListView.as_view(), name="sle_list"),
    path("sles/new/", views.DesignateView.as_view(), name="sle_create"),
    path("lles/new/", views.DesignateView.as_view(role=Role.Code.LLE), name="lle_create"),
    path("sles/<int:pk>/", views.DesignationDetailView.as_view(), name="sle_detail"),
    path("sles/<int:pk>/end/", views.DesignationEndView.as_view(), name="sle_end"),
    path("sles/<int:pk>/specialisms/", views.DesignationSpecialismsView.as_view(), name="sle_specialisms"),
    path("sles/<int:pk>/days-free/", views.DesignationCapacityView.as_view(), name="sle_capacity"),
    path("enquiries/", views.EnquiryListView.as_view(), name="enquiry_list"),
    path("enquiries/<int:pk>/", views.EnquiryDetailView.as_view(), name="enquiry_detail"),
    path("placements/", views.PlacementListView.as_view(), name="placement_list"),
    path("placements/new/", views.PlacementCreateView.as_view(), name="placement_create"),
    path("placements/<int:pk>/", views.PlacementDetailView.as_view(), name="placement_detail"),
    path(
        "placements/<int:pk>/negotiation/new/",
        views.NegotiationRecordCreateView.as_view(),
        name="negotiation_create",
    ),
    path("placements/<int:pk>/status/", views.PlacementStatusView.as_view(), name="placement_status"),
]
