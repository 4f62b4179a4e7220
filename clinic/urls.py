from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from clinic import signin, views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("", views.index, name="index"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/two-factor/", signin.verify, name="two_factor_verify"),
    path("accounts/two-factor/setup/", signin.setup, name="two_factor_setup"),
    path("couples/", views.dashboard, name="dashboard"),
    path("couples/new/", views.couple_new, name="couple_new"),
    path("couples/<uuid:couple_id>/", views.couple_detail, name="couple_detail"),
    path("couples/<uuid:couple_id>/comparison/", views.comparison, name="comparison"),
    path("couples/<uuid:couple_id>/plan/", views.plan, name="plan"),
    path("couples/<uuid:couple_id>/export/", views.couple_export, name="couple_export"),
    path("couples/<uuid:couple_id>/delete/", views.couple_delete, name="couple_delete"),
    path("couples/<uuid:couple_id>/log/", views.couple_log, name="couple_log"),
    path("couples/<uuid:couple_id>/plan.pdf", views.plan_pdf, name="plan_pdf"),
    path("couples/<uuid:couple_id>/handout.pdf", views.handout_pdf, name="handout_pdf"),
    path("couples/<uuid:couple_id>/partners/<uuid:partner_id>/link/", views.link_issue, name="link_issue"),
    path("couples/<uuid:couple_id>/partners/<uuid:partner_id>/revoke/", views.link_revoke, name="link_revoke"),
    path("couples/<uuid:couple_id>/partners/<uuid:partner_id>/reopen/", views.intake_reopen, name="intake_reopen"),
    path("couples/<uuid:couple_id>/partners/<uuid:partner_id>/followed-up/", views.followed_up, name="followed_up"),
    path("i/", include("intake.urls")),
    path("admin/", admin.site.urls),
]
