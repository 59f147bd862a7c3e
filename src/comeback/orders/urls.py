from django.urls import path

from . import views, views_seller

app_name = "orders"

urlpatterns = [
    path("cart/", views.cart, name="cart"),
    path("cart/add/", views.cart_add, name="cart_add"),
    path("cart/items/<int:item_id>/", views.cart_item, name="cart_item"),
    path("checkout/", views.checkout, name="checkout"),
    path("orders/", views.order_list, name="list"),
    path("orders/<str:ref>/", views.order_detail, name="detail"),
    path("orders/<str:ref>/pay/", views.pay_confirm, name="pay_confirm"),
    path("orders/<str:ref>/cancel/", views.order_cancel, name="cancel"),
    path("orders/<str:ref>/returns/", views.order_return, name="return"),
    path("orders/<str:ref>/lines/<int:line_id>/cancel/", views.line_cancel, name="line_cancel"),
    path("orders/<str:ref>/lines/<int:line_id>/received/", views.line_received, name="line_received"),
    path("orders/<str:ref>/lines/<int:line_id>/review/", views.line_review, name="line_review"),
    path("seller/orders/", views_seller.seller_orders, name="seller_orders"),
    path("seller/orders/lines/<int:line_id>/accept/", views_seller.seller_accept, name="seller_accept"),
    path("seller/orders/lines/<int:line_id>/ship/", views_seller.seller_ship, name="seller_ship"),
    path("seller/orders/lines/<int:line_id>/cancel/", views_seller.seller_cancel, name="seller_cancel"),
    path("seller/returns/<int:return_id>/receive/", views_seller.seller_return_receive, name="seller_return_receive"),
    path("seller/returns/<int:return_id>/refund/", views_seller.seller_return_refund, name="seller_return_refund"),
]
