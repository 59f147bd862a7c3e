from django.urls import path

from . import views, views_partner, views_seller

app_name = "tradein"

urlpatterns = [
    # The customer's wizard and trade-ins
    path("trade-in/", views.start, name="start"),
    path("trade-in/models/<int:product_id>/", views.questionnaire, name="questionnaire"),
    path("trade-in/quotes/<str:ref>/", views.quote, name="quote"),
    path("trade-in/orders/", views.mine, name="mine"),
    path("trade-in/orders/<str:ref>/", views.status, name="status"),
    path("trade-in/orders/<str:ref>/label/", views.label, name="label"),
    path("trade-in/orders/<str:ref>/ship/", views.ship, name="ship"),
    path("trade-in/orders/<str:ref>/cancel/", views.cancel, name="cancel"),
    path("trade-in/orders/<str:ref>/counter-offer/", views.answer_counter, name="answer_counter"),
    path("trade-in/orders/<str:ref>/certificate/", views.certificate, name="certificate"),
    path("trade-in/photos/<int:pk>/", views.photo, name="photo"),
    # The refurbisher's screens (seller portal)
    path("seller/trade-in/", views_seller.home, name="seller_home"),
    path("seller/trade-in/offers/", views_seller.offers, name="seller_offers"),
    path("seller/trade-in/offers/new/", views_seller.offer_new, name="seller_offer_new"),
    path("seller/trade-in/offers/upload/", views_seller.offer_upload, name="seller_offer_upload"),
    path("seller/trade-in/offers/<int:offer_id>/", views_seller.offer_edit, name="seller_offer_edit"),
    path("seller/trade-in/wins/", views_seller.wins, name="seller_wins"),
    path("seller/trade-in/<str:ref>/", views_seller.detail, name="seller_detail"),
    path("seller/trade-in/<str:ref>/receive/", views_seller.receive, name="seller_receive"),
    path("seller/trade-in/<str:ref>/validate/", views_seller.validate, name="seller_validate"),
    path("seller/trade-in/<str:ref>/counter-offer/", views_seller.counter, name="seller_counter"),
    path("seller/trade-in/<str:ref>/activation-lock/", views_seller.lock_off, name="seller_lock_off"),
    path("seller/trade-in/<str:ref>/wipe/", views_seller.wipe, name="seller_wipe"),
    path("seller/trade-in/<str:ref>/route/", views_seller.route, name="seller_route"),
    path("seller/trade-in/<str:ref>/return/", views_seller.returned, name="seller_return"),
    # Partners
    path("partners/<slug:slug>/trade-in", views_partner.landing, name="partner_landing"),
    path("partners/<slug:slug>/brand.css", views_partner.brand_css, name="partner_css"),
    path("partner/", views_partner.dashboard, name="partner_dashboard"),
    path("partner/tokens/", views_partner.token_new, name="partner_token_new"),
    path("partner/tokens/<int:token_id>/revoke/", views_partner.token_revoke, name="partner_token_revoke"),
    path("partner/stores/<int:store_id>/counter/", views_partner.counter, name="counter"),
    path("partner/stores/<int:store_id>/counter/<str:ref>/", views_partner.counter_complete, name="counter_complete"),
    path("partner/stores/<int:store_id>/drop-off/", views_partner.drop_off, name="drop_off"),
]
