from django.urls import path

from .views import buyer, public, repairer, staff

app_name = "repair"

urlpatterns = [
    path("repair/", public.near, name="near"),
    path("repair/locations/<int:location_id>/", public.location, name="location"),
    path("repair/bookings/", buyer.my_bookings, name="bookings"),
    path("repair/bookings/<str:reference>/", buyer.booking, name="booking"),
    path("repair/bookings/<str:reference>/cancel/", buyer.cancel, name="cancel"),
    path("repair/bookings/<str:reference>/information-form/", buyer.show, name="information_form"),
    path(
        "repair/bookings/<str:reference>/information-form/accept/",
        buyer.accept,
        name="information_form_accept",
    ),
    path(
        "repair/desk/bookings/<str:reference>/information-form/",
        repairer.issue,
        name="information_form_issue",
    ),
    path("repair/bookings/<str:reference>/reschedule/", buyer.reschedule, name="reschedule"),
    path("repair/desk/", repairer.desk, name="desk"),
    path("repair/desk/walk-in/", repairer.walk_in, name="walk_in"),
    path("repair/desk/bookings/<str:reference>/start/", repairer.start_booking, name="start_booking"),
    path("repair/desk/jobs/<int:job_id>/", repairer.job, name="job"),
    path("parts/", staff.part_list, name="parts"),
    path("parts/new/", staff.part_new, name="part_new"),
    path("parts/import/", staff.part_import, name="part_import"),
    path("parts/obligations/", staff.obligations, name="obligations"),
    path("parts/obligations.csv", staff.obligations_csv, name="obligations_csv"),
    path("parts/<int:part_id>/", staff.part_detail, name="part"),
    path("staff/repair/open-data/", staff.open_data, name="open_data"),
    path("staff/repair/export.ords.csv", staff.ords_csv, name="ords_csv"),
]
