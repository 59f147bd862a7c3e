from django.urls import path

from .views import buyer, seller, staff

app_name = "orders"

urlpatterns = [
    path("cart/", buyer.cart, name="cart"),
    path("cart/add/", buyer.cart_add, name="cart_add"),
    path("cart/items/<int:item_id>/", buyer.cart_item, name="cart_item"),
    path("checkout/", buyer.checkout, name="checkout"),
    path("orders/", buyer.order_list, name="list"),
    path("orders/<str:ref>/", buyer.order_detail, name="detail"),
    path("orders/<str:ref>/pay/", buyer.pay_confirm, name="pay_confirm"),
    path("orders/<str:ref>/cancel/", buyer.order_cancel, name="cancel"),
    path("orders/<str:ref>/returns/", buyer.order_return, name="return"),
    path("orders/<str:ref>/lines/<int:line_id>/cancel/", buyer.line_cancel, name="line_cancel"),
    path("orders/<str:ref>/lines/<int:line_id>/received/", buyer.line_received, name="line_received"),
    path("orders/<str:ref>/lines/<int:line_id>/review/", buyer.line_review, name="line_review"),
    path("returns/<int:return_id>/label/", buyer.return_label, name="return_label"),
    path("seller/orders/", seller.seller_orders, name="seller_orders"),
    path("seller/orders/lines/<int:line_id>/accept/", seller.seller_accept, name="seller_accept"),
    path("seller/orders/lines/<int:line_id>/ship/", seller.seller_ship, name="seller_ship"),
    path("seller/orders/lines/<int:line_id>/cancel/", seller.seller_cancel, name="seller_cancel"),
    path(
        "seller/returns/<int:return_id>/receive/",
        seller.seller_return_receive,
        name="seller_return_receive",
    ),
    path(
        "seller/returns/<int:return_id>/refund/",
        seller.seller_return_refund,
        name="seller_return_refund",
    ),
    path("staff/returns/", staff.queue, name="staff_returns"),
    path("staff/returns/<int:return_id>/", staff.detail, name="staff_return"),
    path("staff/returns/<int:return_id>/<str:action>/", staff.act, name="staff_return_act"),
]
