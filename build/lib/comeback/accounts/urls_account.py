from django.contrib.auth import views as auth_views
from django.urls import path

from comeback.core import ratelimit

from .views import buyer, public

app_name = "account"

urlpatterns = [
    path("account/", buyer.home, name="home"),
    path("account/addresses/new/", buyer.address_new, name="address_new"),
    path("account/addresses/<int:address_id>/", buyer.address_edit, name="address_edit"),
    path("account/addresses/<int:address_id>/delete/", buyer.address_delete, name="address_delete"),
    path("account/email/", buyer.email_change, name="email_change"),
    path("account/password/", buyer.password_change, name="password_change"),
    path("account/data.json", buyer.data_export, name="data_export"),
    path("account/delete/", buyer.delete, name="delete"),
    path("account/email/verify/<str:token>/", public.verify_email, name="verify_email"),
    path("account/email/confirm/<str:token>/", public.confirm_email, name="confirm_email"),
    path(
        "accounts/password/reset/",
        ratelimit.limit_view("password_reset")(public.PasswordResetView.as_view()),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        public.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
]
