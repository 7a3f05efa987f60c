from django.urls import path

from . import enquiry_views, views

app_name = "matching"

urlpatterns = [
    path("ask-for-support/", views.StartView.as_view(), name="start"),
    path("ask-for-support/school/", views.SchoolView.as_view(), name="school"),
    path("ask-for-support/leaders/<int:ident>/", enquiry_views.AskLeaderView.as_view(), name="ask_leader"),
    path(
        "ask-for-support/teaching-schools/<int:ident>/",
        enquiry_views.AskTeachingSchoolView.as_view(),
        name="ask_teaching_school",
    ),
    path("ask-for-support/dfe-match/", views.DfeMatchRequestView.as_view(), name="dfe_match"),
    path(
        "ask-for-support/dfe-match/<str:reference>/sent/",
        views.DfeMatchRequestSentView.as_view(),
        name="dfe_match_sent",
    ),
    path("ask-for-support/schools.json", views.SchoolSuggestionsView.as_view(), name="school_suggestions"),
    path("ask-for-support/need/", views.NeedView.as_view(), name="need"),
    path("ask-for-support/specialism/", views.SpecialismView.as_view(), name="specialism"),
    path("ask-for-support/shortlist/", views.ShortlistView.as_view(), name="shortlist"),
    path("ask-for-support/enquiry/", enquiry_views.EnquiryView.as_view(), name="enquiry"),
    path(
        "ask-for-support/enquiry/<str:reference>/check/",
        enquiry_views.EnquiryCheckView.as_view(),
        name="enquiry_check",
    ),
    path("ask-for-support/enquiry/<str:reference>/sent/", enquiry_views.EnquirySentView.as_view(), name="enquiry_sent"),
    # Private links, emailed: the requester's status page and a leader's one-time response page.
    path("ask-for-support/your-enquiry/<str:token>/", enquiry_views.EnquiryStatusView.as_view(), name="enquiry_status"),
    path("ask-for-support/respond/<str:token>/", enquiry_views.EnquiryRespondView.as_view(), name="enquiry_respond"),
]
