from django.urls import path

from . import views, views_desk, views_parts

app_name = "repair"

urlpatterns = [
    path("repair/", views.near, name="near"),
    path("repair/locations/<int:location_id>/", views.location, name="location"),
    path("repair/bookings/", views.my_bookings, name="bookings"),
    path("repair/bookings/<str:reference>/", views.booking, name="booking"),
    path("repair/bookings/<str:reference>/cancel/", views.cancel, name="cancel"),
    path("repair/bookings/<str:reference>/reschedule/", views.reschedule, name="reschedule"),
    path("repair/desk/", views_desk.desk, name="desk"),
    path("repair/desk/walk-in/", views_desk.walk_in, name="walk_in"),
    path("repair/desk/bookings/<str:reference>/start/", views_desk.start_booking, name="start_booking"),
    path("repair/desk/jobs/<int:job_id>/", views_desk.job, name="job"),
    path("parts/", views_parts.part_list, name="parts"),
    path("parts/new/", views_parts.part_new, name="part_new"),
    path("parts/import/", views_parts.part_import, name="part_import"),
    path("parts/obligations/", views_parts.obligations, name="obligations"),
    path("parts/obligations.csv", views_parts.obligations_csv, name="obligations_csv"),
    path("parts/<int:part_id>/", views_parts.part_detail, name="part"),
]
