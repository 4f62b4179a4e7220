"""Every URL of Attune: the therapist's pages here, the partner's under /i/ (intake.urls), the admin under /admin/.

A new view is walked by tests/test_every_url.py from this list the day it is added."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from clinic.accounts import password, signin, timeouts
from clinic.views import account, comparison, couples, health, messaging, outcomes, plans, records

handler500 = "clinic.faults.server_error"

urlpatterns = [
    path("healthz", couples.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("favicon.ico", couples.favicon, name="favicon"),
    path("", couples.index, name="index"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/two-factor/", signin.verify, name="two_factor_verify"),
    path("accounts/two-factor/setup/", signin.setup, name="two_factor_setup"),
    path("accounts/profile/", account.profile, name="profile"),
    path("accounts/password/", password.password_change, name="password_change"),
    path("accounts/still-here/", timeouts.still_here, name="still_here"),
    path("couples/", couples.dashboard, name="dashboard"),
    path("couples/new/", couples.couple_new, name="couple_new"),
    path("couples/<uuid:couple_id>/", couples.couple_detail, name="couple_detail"),
    path("couples/<uuid:couple_id>/comparison/", comparison.comparison, name="comparison"),
    path("couples/<uuid:couple_id>/plan/", plans.plan, name="plan"),
    path("couples/<uuid:couple_id>/plan/edit/", plans.plan_edit, name="plan_edit"),
    path("couples/<uuid:couple_id>/plan/draft/", plans.plan_draft, name="plan_draft"),
    path("couples/<uuid:couple_id>/export/", records.couple_export, name="couple_export"),
    path("couples/<uuid:couple_id>/delete/", records.couple_delete, name="couple_delete"),
    path("couples/<uuid:couple_id>/log/", records.couple_log, name="couple_log"),
    path("couples/<uuid:couple_id>/plan.pdf", plans.plan_pdf, name="plan_pdf"),
    path("couples/<uuid:couple_id>/handout.pdf", plans.handout_pdf, name="handout_pdf"),
    path("couples/<uuid:couple_id>/partners/<uuid:partner_id>/link/", couples.link_issue, name="link_issue"),
    path("couples/<uuid:couple_id>/partners/<uuid:partner_id>/revoke/", couples.link_revoke, name="link_revoke"),
    path("couples/<uuid:couple_id>/partners/<uuid:partner_id>/reopen/", couples.intake_reopen, name="intake_reopen"),
    path("couples/<uuid:couple_id>/partners/<uuid:partner_id>/followed-up/", couples.followed_up, name="followed_up"),
    path("couples/<uuid:couple_id>/check-ins/", outcomes.check_ins, name="check_ins"),
    path(
        "couples/<uuid:couple_id>/check-ins/<uuid:check_in_id>/close/", outcomes.check_in_close, name="check_in_close"
    ),
    path(
        "couples/<uuid:couple_id>/check-ins/<uuid:check_in_id>/partners/<uuid:partner_id>/link/",
        outcomes.check_in_link,
        name="check_in_link",
    ),
    path("couples/<uuid:couple_id>/progress/", outcomes.progress, name="progress"),
    path("couples/<uuid:couple_id>/progress/draft/", outcomes.progress_draft, name="progress_draft"),
    path("couples/<uuid:couple_id>/progress.pdf", outcomes.progress_pdf, name="progress_pdf"),
    path("couples/<uuid:couple_id>/invitations/", messaging.invitations, name="invitations"),
    path("couples/<uuid:couple_id>/invitations/draft/", messaging.invitation_draft, name="invitation_draft"),
    path("couples/<uuid:couple_id>/partners/<uuid:partner_id>/extend/", messaging.link_extend, name="link_extend"),
    # Under /i/<token>/ so the logs' redaction of partners' tokens covers it (intake/logging.py).
    path("i/<str:token>/stop/", messaging.stop_reminders, name="stop_reminders"),
    path("i/", include("intake.urls")),
    path("admin/", admin.site.urls),
]
