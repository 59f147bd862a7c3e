from django.contrib.auth import views as auth_views
from django.urls import path

from comeback.core import ratelimit

from . import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("market/", views.set_market, name="set_market"),
    path("staff/", views.staff_home, name="staff_home"),
    path(
        "accounts/login/",
        ratelimit.login_limited(
            auth_views.LoginView.as_view(template_name="web/login.html", redirect_authenticated_user=True)
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", views.healthz, name="healthz"),
    path("_hello", views.hello, name="hello"),
]
