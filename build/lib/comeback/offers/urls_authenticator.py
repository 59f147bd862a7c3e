from django.urls import path

from .views import authenticator as views

app_name = "authenticator"
urlpatterns = [
    path("authenticator/", views.queue, name="queue"),
    path("authenticator/<int:authentication_id>/", views.detail, name="detail"),
    path("authenticator/<int:authentication_id>/photos/", views.add_evidence, name="add_evidence"),
    path("authenticator/<int:authentication_id>/decision/", views.decide, name="decide"),
    path(
        "authenticator/evidence/<int:photo_id>/<int:width>.<str:ext>",
        views.evidence_photo,
        name="evidence_photo",
    ),
]
