from django.urls import path

from . import signup

app_name = "signup"

urlpatterns = [
    path("accounts/signup/", signup.signup, name="signup"),
]
