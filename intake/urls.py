"""The partner's URLs, under /i/: the private link, the consent, the steps, the review, the check-in and the quick
exit."""

from django.urls import path, re_path

from intake import checkin_views, drafts, views

app_name = "intake"

urlpatterns = [
    path("", views.home, name="home"),
    path("welcome/", views.consent, name="consent"),
    path("step/<int:number>/", views.step, name="step"),
    path("support/", views.support, name="support"),
    path("review/", views.review, name="review"),
    path("done/", views.done, name="done"),
    path("leave/", views.leave, name="leave"),
    path("still-here/", drafts.still_here, name="still_here"),
    path("check-in/", checkin_views.check_in, name="check_in"),
    path("check-in/sent/", checkin_views.check_in_done, name="check_in_done"),
    # Tokens are URL-safe base64 (43 characters); anything else gets the same "not valid" page.
    re_path(r"^(?P<token>[^/]{1,200})/$", views.enter, name="enter"),
]
