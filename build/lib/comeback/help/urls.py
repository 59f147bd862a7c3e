from django.urls import path
from django.views.generic import RedirectView

from .views import public, staff

app_name = "help"

urlpatterns = [
    path("help/", public.help_home, name="home"),
    path("help/<slug:slug>/", public.help_article, name="article"),
    path("contact/", public.contact, name="contact"),
    path("legal/guarantee/", public.guarantee, name="guarantee"),
    path("legal/<slug:slug>/", public.legal, name="legal"),
    # The short addresses people type
    path("terms/", RedirectView.as_view(url="/legal/terms/", permanent=True)),
    path("privacy/", RedirectView.as_view(url="/legal/privacy/", permanent=True)),
    path("cookies/", RedirectView.as_view(url="/legal/cookies/", permanent=True)),
    path("legal/", RedirectView.as_view(url="/legal/notice/", permanent=False)),
    path("staff/help/", staff.tickets, name="staff_tickets"),
    path("staff/help/<int:ticket_id>/", staff.ticket, name="staff_ticket"),
]
