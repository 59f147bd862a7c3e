from django.urls import path

from .views import public, seller, staff

app_name = "trust"

urlpatterns = [
    path("staff/mystery-orders/", staff.mystery_orders, name="staff_mystery"),
    path("staff/mystery-orders/<int:mystery_id>/inspection/", staff.inspect, name="staff_inspect"),
    path("staff/trust/", staff.queue, name="staff_queue"),
    path("seller/statements/", seller.statement_list, name="seller_statements"),
    path("seller/statements/<int:statement_id>/", seller.statement_detail, name="seller_statement"),
    path("report/<int:offer_id>/", public.report, name="report"),
]
