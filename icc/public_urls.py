from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    # The network in figures: charts and their tables (icc/figures/).
    path("figures/", include("icc.figures.urls")),
    # The programme's own pages (icc/pages/): /<lang>/about/ and /<lang>/about/<slug>/.
    path("about/", include("icc.pages.urls")),
]
