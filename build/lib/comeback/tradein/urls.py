from django.urls import path

from .views import buyer, partner, partner_models, public, seller, staff

app_name = "tradein"

urlpatterns = [
    path("staff/trade-in/payouts/", staff.payouts, name="staff_payouts"),
    path("staff/trade-in/held/", staff.held, name="staff_held"),
    # The customer's wizard and trade-ins
    path("trade-in/", public.start, name="start"),
    path("trade-in/models/<int:product_id>/", public.questionnaire, name="questionnaire"),
    path("trade-in/quotes/<str:ref>/", public.quote, name="quote"),
    path("trade-in/orders/", buyer.mine, name="mine"),
    path("trade-in/orders/<str:ref>/", buyer.status, name="status"),
    path("trade-in/orders/<str:ref>/label/", buyer.label, name="label"),
    path("trade-in/orders/<str:ref>/ship/", buyer.ship, name="ship"),
    path("trade-in/orders/<str:ref>/cancel/", buyer.cancel, name="cancel"),
    path("trade-in/orders/<str:ref>/counter-offer/", buyer.answer_counter, name="answer_counter"),
    path("trade-in/orders/<str:ref>/certificate/", buyer.certificate, name="certificate"),
    path("trade-in/photos/<int:pk>/", buyer.photo, name="photo"),
    # The refurbisher's screens (seller portal)
    path("seller/trade-in/", seller.home, name="seller_home"),
    path("seller/trade-in/offers/", seller.offers, name="seller_offers"),
    path("seller/trade-in/offers/new/", seller.offer_new, name="seller_offer_new"),
    path("seller/trade-in/offers/upload/", seller.offer_upload, name="seller_offer_upload"),
    path("seller/trade-in/offers/<int:offer_id>/", seller.offer_edit, name="seller_offer_edit"),
    path("seller/trade-in/wins/", seller.wins, name="seller_wins"),
    path("seller/trade-in/<str:ref>/", seller.detail, name="seller_detail"),
    path("seller/trade-in/<str:ref>/receive/", seller.receive, name="seller_receive"),
    path("seller/trade-in/<str:ref>/validate/", seller.validate, name="seller_validate"),
    path("seller/trade-in/<str:ref>/counter-offer/", seller.counter, name="seller_counter"),
    path("seller/trade-in/<str:ref>/activation-lock/", seller.lock_off, name="seller_lock_off"),
    path("seller/trade-in/<str:ref>/wipe/", seller.wipe, name="seller_wipe"),
    path("seller/trade-in/<str:ref>/route/", seller.route, name="seller_route"),
    path("seller/trade-in/<str:ref>/return/", seller.returned, name="seller_return"),
    # Partners
    path("partners/<slug:slug>/trade-in", partner.landing, name="partner_landing"),
    path("partners/<slug:slug>/brand.css", partner.brand_css, name="partner_css"),
    path("partner/", partner.dashboard, name="partner_dashboard"),
    path("partner/tokens/", partner.token_new, name="partner_token_new"),
    path("partner/models/", partner_models.models, name="partner_models"),
    path("partner/models/<int:product_id>/photos/", partner_models.model_photos, name="partner_model_photos"),
    path(
        "partner/models/<int:product_id>/photos/<int:image_id>/delete/",
        partner_models.delete_model_photo,
        name="partner_model_photo_delete",
    ),
    path(
        "partner/models/<int:product_id>/photos/<int:image_id>/move/",
        partner_models.move_model_photo,
        name="partner_model_photo_move",
    ),
    path("partner/tokens/<int:token_id>/revoke/", partner.token_revoke, name="partner_token_revoke"),
    path("partner/stores/<int:store_id>/counter/", partner.counter, name="counter"),
    path(
        "partner/stores/<int:store_id>/counter/<str:ref>/",
        partner.counter_complete,
        name="counter_complete",
    ),
    path("partner/stores/<int:store_id>/drop-off/", partner.drop_off, name="drop_off"),
]
