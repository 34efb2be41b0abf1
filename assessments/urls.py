from django.urls import path, register_converter

from assessments import converters
from assessments.views import (
    about,
    accounts,
    answering,
    api_tokens,
    history,
    jobs,
    organisations,
    plans,
    privacy,
    reports,
    results,
    sharing,
    teams,
    two_factor,
    webhooks,
)

register_converter(converters.IdConverter, "id")
register_converter(converters.TokenConverter, "token")

app_name = "assessments"

urlpatterns = [
    path("", organisations.home, name="home"),
    path("signup/", accounts.signup, name="signup"),
    path(
        "signup/confirm/",
        accounts.email_confirm_pending,
        name="email-confirm-pending",
    ),
    path(
        "signup/confirm/<token:uidb64>/<token:token>/",
        accounts.email_confirm,
        name="email-confirm",
    ),
    path("about/", about.about, name="about"),
    path("account/data/", privacy.my_data, name="my-data"),
    path("account/data.json", privacy.my_data_download, name="my-data-download"),
    path("account/delete/", privacy.account_delete, name="account-delete"),
    path("account/two-factor/", two_factor.two_factor_status, name="two-factor"),
    path(
        "account/two-factor/setup/",
        two_factor.two_factor_setup,
        name="two-factor-setup",
    ),
    path(
        "account/two-factor/verify/",
        two_factor.two_factor_verify,
        name="two-factor-verify",
    ),
    path(
        "account/two-factor/recovery-codes/",
        two_factor.recovery_codes_new,
        name="recovery-codes-new",
    ),
    path(
        "account/two-factor/remove/",
        two_factor.two_factor_remove,
        name="two-factor-remove",
    ),
    path("share/new/", sharing.share_link_create, name="share-link-create"),
    path(
        "organisations/<id:organisation_id>/webhooks/",
        webhooks.webhook_list,
        name="webhooks",
    ),
    path(
        "organisations/<id:organisation_id>/webhooks/<id:webhook_id>/test/",
        webhooks.webhook_test,
        name="webhook-test",
    ),
    path(
        "organisations/<id:organisation_id>/webhooks/<id:webhook_id>/delete/",
        webhooks.webhook_delete,
        name="webhook-delete",
    ),
    path(
        "organisations/<id:organisation_id>/share/",
        sharing.share_link_list,
        name="share-links",
    ),
    path(
        "organisations/<id:organisation_id>/share/<id:link_id>/revoke/",
        sharing.share_link_revoke,
        name="share-link-revoke",
    ),
    path("account/tokens/", api_tokens.token_list, name="api-tokens"),
    path(
        "account/tokens/<id:token_id>/revoke/",
        api_tokens.token_revoke,
        name="api-token-revoke",
    ),
    path("report/footer.css", reports.report_footer, name="report-footer"),
    path("jobs/<id:job_id>/", jobs.job_detail, name="job-detail"),
    path("jobs/<id:job_id>/download/", jobs.job_download, name="job-download"),
    path(
        "organisations/new/",
        organisations.organisation_create,
        name="organisation-create",
    ),
    path(
        "organisations/<id:organisation_id>/start/",
        answering.response_start,
        name="response-start",
    ),
    path(
        "organisations/<id:organisation_id>/members/",
        organisations.organisation_members,
        name="organisation-members",
    ),
    path(
        "organisations/<id:organisation_id>/members/<id:membership_id>/",
        organisations.membership_update,
        name="membership-update",
    ),
    path(
        "organisations/<id:organisation_id>/members/<id:membership_id>/remove/",
        organisations.membership_remove,
        name="membership-remove",
    ),
    path(
        "organisations/<id:organisation_id>/audit/",
        organisations.organisation_audit,
        name="organisation-audit",
    ),
    path(
        "organisations/<id:organisation_id>/anonymity/",
        organisations.organisation_anonymity,
        name="organisation-anonymity",
    ),
    path(
        "organisations/<id:organisation_id>/invitations/",
        organisations.invitation_create,
        name="invitation-create",
    ),
    path(
        "organisations/<id:organisation_id>/invitations/<id:invitation_id>/resend/",
        organisations.invitation_resend,
        name="invitation-resend",
    ),
    path(
        "organisations/<id:organisation_id>/invitations/<id:invitation_id>/withdraw/",
        organisations.invitation_withdraw,
        name="invitation-withdraw",
    ),
    path(
        "organisations/<id:organisation_id>/plan/",
        plans.plan_detail,
        name="plan-detail",
    ),
    path(
        "organisations/<id:organisation_id>/plan/new/",
        plans.action_create,
        name="action-create",
    ),
    path(
        "organisations/<id:organisation_id>/plan/<id:action_id>/",
        plans.action_update,
        name="action-update",
    ),
    path(
        "organisations/<id:organisation_id>/history/",
        history.organisation_history,
        name="organisation-history",
    ),
    path(
        "organisations/<id:organisation_id>/history/export.xlsx",
        history.organisation_export_xlsx,
        name="organisation-export-xlsx",
    ),
    path(
        "organisations/<id:organisation_id>/history/export/<slug:table>.csv",
        history.organisation_export_csv,
        name="organisation-export-csv",
    ),
    path(
        "organisations/<id:organisation_id>/history/report.pdf",
        reports.history_report,
        name="history-report",
    ),
    path(
        "organisations/<id:organisation_id>/history/chart.<str:fmt>",
        reports.history_chart,
        name="history-chart",
    ),
    path(
        "invitations/<token:token>/",
        organisations.invitation_accept,
        name="invitation-accept",
    ),
    path("rounds/<id:round_id>/", teams.round_detail, name="round-detail"),
    path("rounds/<id:round_id>/close/", teams.round_close, name="round-close"),
    path("rounds/<id:round_id>/reopen/", teams.round_reopen, name="round-reopen"),
    path("rounds/<id:round_id>/report.pdf", reports.round_report, name="round-report"),
    path(
        "rounds/<id:round_id>/chart.<str:fmt>", reports.round_chart, name="round-chart"
    ),
    path(
        "rounds/<id:round_id>/steps/<id:step>/",
        answering.response_step,
        name="response-step",
    ),
    path(
        "responses/<id:response_id>/",
        results.response_result,
        name="response-result",
    ),
    path(
        "responses/<id:response_id>/report.pdf",
        reports.response_report,
        name="response-report",
    ),
    path(
        "responses/<id:response_id>/chart.<str:fmt>",
        reports.response_chart,
        name="response-chart",
    ),
]
