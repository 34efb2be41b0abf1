from django.contrib import admin
from django.urls import path

import assessments.urls  # noqa: F401  (registers the "id" converter used below)
from assessments.admin import imports, portfolio

app_name = "admin-portfolio"

urlpatterns = [
    path("", admin.site.admin_view(portfolio.portfolio_page), name="portfolio"),
    path("portfolio.csv", admin.site.admin_view(portfolio.portfolio_csv), name="csv"),
    path(
        "portfolio.xlsx", admin.site.admin_view(portfolio.portfolio_xlsx), name="xlsx"
    ),
    path(
        "clients/<id:organisation_id>/",
        admin.site.admin_view(portfolio.client_page),
        name="client",
    ),
    path("import/", admin.site.admin_view(imports.import_page), name="import"),
    path(
        "import/template.csv",
        admin.site.admin_view(imports.import_template),
        name="import-template",
    ),
    path(
        "import/<id:job_id>/",
        admin.site.admin_view(imports.import_job),
        name="import-job",
    ),
    path(
        "import/<id:job_id>/confirm/",
        admin.site.admin_view(imports.import_confirm),
        name="import-confirm",
    ),
]
