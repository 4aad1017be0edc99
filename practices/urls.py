from django.urls import path

from icc.opendata.urls import download_paths

from . import (
    contact_views,  # "contact": the form to write to a practice's contact
    downloads,
    feeds,
    freshness_views,  # "freshness": the yearly check
    pdf_views,  # "pdf": a practice as a PDF
    views,
)

app_name = "practices"

urlpatterns = [
    path("", views.PracticeListView.as_view(), name="practice_list"),
    *download_paths(downloads.PracticeDownloadView),
    path("feed.rss", feeds.PracticeFeed(), name="feed_rss"),
    path("feed.atom", feeds.PracticeAtomFeed(), name="feed_atom"),
    # "freshness": the page of the yearly check's signed link (no sign-in).
    path("check/<str:token>/", freshness_views.check_view, name="freshness_check"),
    path("check/<str:token>/done/", freshness_views.done_view, name="freshness_done"),
    path("<slug:slug>/", views.PracticeDetailView.as_view(), name="practice_detail"),
    # "pdf": the practice's page as a PDF to download.
    path("<slug:slug>/pdf/", pdf_views.PracticePdfView.as_view(), name="practice_pdf"),
    # "contact": the form to write to a practice's contact.
    path("<slug:slug>/contact/", contact_views.practice_contact, name="practice_contact"),
    path(
        "<slug:slug>/contact/sent/",
        contact_views.practice_contact_sent,
        name="practice_contact_sent",
    ),
]
