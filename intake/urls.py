from django.urls import path, re_path

from intake import views

app_name = "intake"

urlpatterns = [
    path("", views.home, name="home"),
    # Tokens are URL-safe base64; anything else gets the same "not valid" page.
    re_path(r"^(?P<token>[^/]{1,200})/$", views.enter, name="enter"),
]
