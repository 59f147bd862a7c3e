from django.urls import path

from .views import seller, staff

app_name = "payouts"

urlpatterns = [
    path("seller/payouts/", seller.home, name="seller_home"),
    path("staff/payouts/", staff.home, name="staff_home"),
    path("staff/payouts/run/", staff.start_run, name="staff_start_run"),
    path("staff/payouts/runs/<int:run_id>/", staff.run_detail, name="staff_run"),
    path("staff/payouts/files/<int:file_id>.xml", staff.file_download, name="staff_file"),
    path("staff/payouts/statements/", staff.import_statement, name="staff_import_statement"),
    path("staff/payouts/dac7/", staff.dac7_report, name="staff_dac7"),
    path("staff/payouts/dac7/<int:year>.<str:fmt>", staff.dac7_download, name="staff_dac7_download"),
]
