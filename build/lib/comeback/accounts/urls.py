from django.contrib.auth import views as auth_views
from django.urls import path

from comeback.core import ratelimit
from comeback.core.forms import LoginForm

from . import views
from .login import LoginView

app_name = "accounts"

urlpatterns = [
    path(
        "login/",
        ratelimit.login_limited(
            LoginView.as_view(
                template_name="accounts/login.html",
                redirect_authenticated_user=True,
                authentication_form=LoginForm,
            )
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.revoke, name="revoke_token"),
]
