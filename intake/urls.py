"""The partner's URLs, under /i/: the private link, the consent, the steps, the review and the quick exit."""

from django.urls import path, re_path

from intake import views

app_name = "intake"

urlpatterns = [
    path("", views.home, name="home"),
    path("welcome/", views.consent, name="consent"),
    path("step/<int:number>/", views.step, name="step"),
    path("support/", views.support, name="support"),
    path("review/", views.review, name="review"),
    path("done/", views.done, name="done"),
    path("leave/", views.leave, name="leave"),
    # Tokens are URL-safe base64 (43 characters); anything else gets the same "not valid" page.
    re_path(r"^(?P<token>[^/]{1,200})/$", views.enter, name="enter"),
]
