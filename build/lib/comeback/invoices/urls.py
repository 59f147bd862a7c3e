from django.urls import path

from .views import buyer, seller

app_name = "invoices"

urlpatterns = [
    path("orders/<str:ref>/invoices/", buyer.order_invoices, name="order"),
    path("invoices/<int:invoice_id>/", buyer.document, name="document"),
    path("invoices/<int:invoice_id>.pdf", buyer.document_pdf, name="pdf"),
    path("seller/invoices/", seller.home, name="seller_home"),
]
