from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from assessments.forms import EmailAuthenticationForm
from lmm_site.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/portfolio/", include("assessments.admin.urls")),
    path("admin/", admin.site.urls),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=EmailAuthenticationForm),
        name="login",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("assessments.urls")),
]
