"""Every list and the test that holds it to a query budget (docs/design.md §5 "Query budgets").

A list is any GET of /api/v1 whose answer is an array or a page of `items`, or a web page that shows rows.
Its budget test reads the list with a few rows, then with more, and asserts that the number of queries does
not grow and stays under a stated maximum (`tests.budgets.assert_flat` and `assert_flat_page` do both).
`tests/architecture/test_list_budgets.py` fails when a list of the OpenAPI document or a web view that pages
its rows is missing here, when an entry names a list that no longer exists, or when the test named does not
exist, does not read that path or counts no queries.
"""

from __future__ import annotations

# path as in /api/v1/openapi.json -> (test module under tests/, test function)
API_LISTS: dict[str, tuple[str, str]] = {
    "/api/v1/authenticator/authentications": (
        "offers/test_query_budgets.py",
        "test_given_more_listings_to_authenticate_when_an_authenticator_reads_the_queue_then_the_queries_do_not_grow",
    ),
    "/api/v1/cart": (
        "orders/test_query_budgets.py",
        "test_given_more_items_when_the_buyer_reads_the_cart_then_the_queries_do_not_grow",
    ),
    "/api/v1/categories": (
        "storefront/test_query_budgets.py",
        "test_given_more_categories_when_anyone_reads_the_tree_then_the_queries_do_not_grow",
    ),
    "/api/v1/collections": (
        "editions/test_query_budgets.py",
        "test_given_more_collections_with_pieces_when_anyone_lists_them_then_the_queries_do_not_grow",
    ),
    "/api/v1/markets": (
        "storefront/test_query_budgets.py",
        "test_given_the_markets_then_listing_them_reads_the_per_process_copy",
    ),
    "/api/v1/orders": (
        "api/test_list_budgets.py",
        "test_given_more_orders_when_a_buyer_reads_a_page_then_the_queries_do_not_grow",
    ),
    "/api/v1/orders/{order_id}/invoices": (
        "invoices/test_query_budgets.py",
        "test_given_more_sellers_in_an_order_when_the_buyer_lists_its_invoices_then_the_queries_do_not_grow",
    ),
    "/api/v1/partner/models/{product_id}/images": (
        "catalog/test_gallery_api.py",
        "test_given_many_photos_then_listing_them_costs_the_same_queries_as_one",
    ),
    "/api/v1/partner/stores": (
        "tradein/test_query_budgets.py",
        "test_given_more_stores_and_counter_sales_when_the_partner_reads_them_then_the_queries_do_not_grow",
    ),
    "/api/v1/partner/tradeins": (
        "tradein/test_query_budgets.py",
        "test_given_more_stores_and_counter_sales_when_the_partner_reads_them_then_the_queries_do_not_grow",
    ),
    "/api/v1/products": (
        "storefront/test_query_budgets.py",
        "test_given_more_products_when_anyone_lists_them_then_the_queries_do_not_grow",
    ),
    "/api/v1/recovery/collections": (
        "recovery/test_query_budgets.py",
        "test_given_more_recyclers_and_collections_when_listed_then_the_queries_do_not_grow",
    ),
    "/api/v1/recovery/devices": (
        "recovery/test_query_budgets.py",
        "test_given_more_collected_devices_when_the_refurbisher_lists_them_then_the_queries_do_not_grow",
    ),
    "/api/v1/recovery/recyclers": (
        "recovery/test_query_budgets.py",
        "test_given_more_recyclers_and_collections_when_listed_then_the_queries_do_not_grow",
    ),
    "/api/v1/repair/bookings": (
        "repair/test_query_budgets.py",
        "test_given_more_bookings_when_the_customer_lists_them_then_the_queries_do_not_grow",
    ),
    "/api/v1/repair/locations": (
        "repair/test_query_budgets.py",
        "test_given_more_locations_when_anyone_searches_near_a_point_then_the_queries_do_not_grow",
    ),
    "/api/v1/repair/locations/{location_id}/parts": (
        "repair/test_query_budgets.py",
        "test_given_more_parts_when_a_repairer_and_staff_read_them_then_the_queries_do_not_grow",
    ),
    "/api/v1/repair/obligations": (
        "repair/test_query_budgets.py",
        "test_given_more_models_under_the_obligation_when_staff_read_the_report_then_the_queries_do_not_grow",
    ),
    "/api/v1/repair/part-types": (
        "repair/test_query_budgets.py",
        "test_given_the_part_types_then_they_cost_no_query",
    ),
    "/api/v1/repair/parts": (
        "repair/test_query_budgets.py",
        "test_given_more_parts_when_a_repairer_and_staff_read_them_then_the_queries_do_not_grow",
    ),
    "/api/v1/search/suggest": (
        "storefront/test_query_budgets.py",
        "test_given_more_matching_products_when_anyone_asks_for_suggestions_then_the_queries_do_not_grow",
    ),
    "/api/v1/seller/bank-accounts": (
        "payouts/test_query_budgets.py",
        "test_given_more_bank_accounts_when_the_seller_lists_them_then_the_queries_do_not_grow",
    ),
    "/api/v1/seller/buyback-offers": (
        "tradein/test_query_budgets.py",
        "test_given_more_buyback_offers_when_the_refurbisher_lists_them_and_its_wins_then_the_queries_do_not_grow",
    ),
    "/api/v1/seller/buyback-offers/wins": (
        "tradein/test_query_budgets.py",
        "test_given_more_buyback_offers_when_the_refurbisher_lists_them_and_its_wins_then_the_queries_do_not_grow",
    ),
    "/api/v1/seller/claims": (
        "aftersales/test_query_budgets.py",
        "test_given_more_claims_when_buyer_seller_and_staff_list_them_then_the_queries_do_not_grow",
    ),
    "/api/v1/seller/claims/{claim_id}/messages": (
        "aftersales/test_query_budgets.py",
        "test_given_more_messages_when_each_side_reads_a_claim_then_the_queries_do_not_grow",
    ),
    "/api/v1/seller/invoices": (
        "invoices/test_query_budgets.py",
        "test_given_more_orders_when_the_seller_lists_its_invoices_then_the_queries_do_not_grow",
    ),
    "/api/v1/seller/listings": (
        "api/test_list_budgets.py",
        "test_given_more_listings_when_a_seller_reads_a_page_then_the_queries_do_not_grow",
    ),
    "/api/v1/seller/listings/{offer_id}/photos": (
        "offers/test_query_budgets.py",
        "test_given_more_photos_when_the_seller_lists_them_then_the_queries_do_not_grow",
    ),
    "/api/v1/seller/orders": (
        "orders/test_query_budgets.py",
        "test_given_more_orders_when_the_seller_reads_its_orders_then_the_queries_do_not_grow",
    ),
    "/api/v1/seller/passports": (
        "passports/test_query_budgets.py",
        "test_given_more_stock_passports_when_the_seller_lists_them_then_the_queries_do_not_grow",
    ),
    "/api/v1/seller/returns": (
        "orders/test_query_budgets.py",
        "test_given_more_returns_when_the_seller_and_staff_read_them_then_the_queries_do_not_grow",
    ),
    "/api/v1/seller/statements": (
        "trust/test_query_budgets.py",
        "test_given_more_statements_when_the_seller_and_staff_list_them_then_the_queries_do_not_grow",
    ),
    "/api/v1/seller/tradeins": (
        "tradein/test_query_budgets.py",
        "test_given_more_trade_ins_when_the_customer_and_the_refurbisher_list_them_then_the_queries_do_not_grow",
    ),
    "/api/v1/seller/webhooks": (
        "webhooks/test_query_budgets.py",
        "test_given_more_subscriptions_when_the_seller_lists_them_then_the_queries_do_not_grow",
    ),
    "/api/v1/seller/webhooks/{subscription_id}/deliveries": (
        "webhooks/test_query_budgets.py",
        "test_given_more_deliveries_when_the_seller_reads_the_log_then_the_queries_do_not_grow",
    ),
    "/api/v1/staff/claims": (
        "aftersales/test_query_budgets.py",
        "test_given_more_claims_when_buyer_seller_and_staff_list_them_then_the_queries_do_not_grow",
    ),
    "/api/v1/staff/claims/{claim_id}/messages": (
        "aftersales/test_query_budgets.py",
        "test_given_more_messages_when_each_side_reads_a_claim_then_the_queries_do_not_grow",
    ),
    "/api/v1/staff/devices/alerts": (
        "devices/test_query_budgets.py",
        "test_given_more_alerts_when_staff_list_them_then_the_queries_do_not_grow",
    ),
    "/api/v1/staff/models/{product_id}/images": (
        "catalog/test_gallery_api.py",
        "test_given_many_photos_when_staff_list_them_then_the_queries_do_not_grow",
    ),
    "/api/v1/staff/mystery-orders": (
        "trust/test_query_budgets.py",
        "test_given_more_mystery_orders_when_staff_list_them_then_the_queries_do_not_grow",
    ),
    "/api/v1/staff/outbox/dead": (
        "insights/test_query_budgets.py",
        "test_given_more_dead_events_when_staff_list_them_then_the_queries_do_not_grow",
    ),
    "/api/v1/staff/passport-grants": (
        "passports/test_query_budgets.py",
        "test_given_more_grants_when_staff_list_them_then_the_queries_do_not_grow",
    ),
    "/api/v1/staff/payouts/runs": (
        "payouts/test_query_budgets.py",
        "test_given_more_payout_runs_when_staff_list_them_then_the_queries_do_not_grow",
    ),
    "/api/v1/staff/reports": (
        "trust/test_query_budgets.py",
        "test_given_more_reports_when_staff_list_them_then_the_queries_do_not_grow",
    ),
    "/api/v1/staff/returns": (
        "orders/test_query_budgets.py",
        "test_given_more_returns_when_the_seller_and_staff_read_them_then_the_queries_do_not_grow",
    ),
    "/api/v1/staff/statements": (
        "trust/test_query_budgets.py",
        "test_given_more_statements_when_the_seller_and_staff_list_them_then_the_queries_do_not_grow",
    ),
    "/api/v1/tradein/models": (
        "tradein/test_query_budgets.py",
        "test_given_more_models_bought_back_when_anyone_searches_them_then_the_queries_do_not_grow",
    ),
    "/api/v1/tradein/orders": (
        "tradein/test_query_budgets.py",
        "test_given_more_trade_ins_when_the_customer_and_the_refurbisher_list_them_then_the_queries_do_not_grow",
    ),
    "/api/v1/warranty/claims": (
        "aftersales/test_query_budgets.py",
        "test_given_more_claims_when_buyer_seller_and_staff_list_them_then_the_queries_do_not_grow",
    ),
    "/api/v1/warranty/claims/{claim_id}/messages": (
        "aftersales/test_query_budgets.py",
        "test_given_more_messages_when_each_side_reads_a_claim_then_the_queries_do_not_grow",
    ),
}

# Web pages that list rows: path as routed (each `<converter:name>` written `{name}`) -> its budget test.
WEB_LISTS: dict[str, tuple[str, str]] = {
    "/search/": (
        "storefront/test_views_search.py",
        "test_given_search_then_it_keeps_within_its_query_budget",
    ),
    "/c/{category_slug}/": (
        "storefront/test_views_search.py",
        "test_given_a_category_page_then_it_keeps_within_its_query_budget",
    ),
    "/fashion/": (
        "catalog/test_fashion.py",
        "test_given_garments_on_sale_when_the_fashion_page_opens_then_it_has_its_navigation_grades_and_window",
    ),
    "/seller/": (
        "offers/test_portal.py",
        "test_given_more_listings_when_the_dashboard_renders_then_its_query_count_does_not_grow",
    ),
    "/cart/": (
        "orders/test_customisation_web.py",
        "test_given_a_buyer_when_it_adds_the_watch_with_a_strap_then_the_cart_checkout_and_order_show_it_under_the_watch",
    ),
    "/staff/payouts/": (
        "payouts/test_staff.py",
        "test_given_staff_then_the_payouts_page_shows_runs_files_reconciliation_and_a_chart",
    ),
    "/trade-in/orders/": (
        "tradein/test_query_budgets.py",
        "test_given_trade_ins_when_the_customer_opens_the_web_list_then_it_stays_within_its_budget",
    ),
    "/seller/editions/": (
        "editions/test_web.py",
        "test_given_a_shop_with_upcycled_units_when_it_creates_an_edition_and_makes_a_piece_on_the_web_then_listed",
    ),
    "/warranty/claims/": (
        "aftersales/test_query_budgets.py",
        "test_given_more_claims_when_buyer_seller_and_staff_open_their_claim_pages_then_the_queries_do_not_grow",
    ),
    "/seller/claims/": (
        "aftersales/test_query_budgets.py",
        "test_given_more_claims_when_buyer_seller_and_staff_open_their_claim_pages_then_the_queries_do_not_grow",
    ),
    "/staff/claims/": (
        "aftersales/test_query_budgets.py",
        "test_given_more_claims_when_buyer_seller_and_staff_open_their_claim_pages_then_the_queries_do_not_grow",
    ),
    "/orders/": (
        "orders/test_query_budgets.py",
        "test_given_more_orders_when_the_buyer_seller_and_staff_open_their_pages_then_the_queries_do_not_grow",
    ),
    "/seller/orders/": (
        "orders/test_query_budgets.py",
        "test_given_more_orders_when_the_buyer_seller_and_staff_open_their_pages_then_the_queries_do_not_grow",
    ),
    "/staff/returns/": (
        "orders/test_query_budgets.py",
        "test_given_more_orders_when_the_buyer_seller_and_staff_open_their_pages_then_the_queries_do_not_grow",
    ),
    "/seller/webhooks/": (
        "webhooks/test_query_budgets.py",
        "test_given_more_subscriptions_and_deliveries_when_the_seller_opens_their_pages_then_the_queries_do_not_grow",
    ),
    "/seller/webhooks/{pk}/": (
        "webhooks/test_query_budgets.py",
        "test_given_more_subscriptions_and_deliveries_when_the_seller_opens_their_pages_then_the_queries_do_not_grow",
    ),
    "/staff/sellers/": (
        "sellers/test_query_budgets.py",
        "test_given_more_sellers_when_staff_open_the_seller_queues_then_the_queries_do_not_grow",
    ),
    "/staff/sellers/applications/": (
        "sellers/test_query_budgets.py",
        "test_given_more_sellers_when_staff_open_the_seller_queues_then_the_queries_do_not_grow",
    ),
    "/staff/sellers/reviews/": (
        "sellers/test_query_budgets.py",
        "test_given_more_sellers_when_staff_open_the_seller_queues_then_the_queries_do_not_grow",
    ),
    "/staff/sellers/alerts/": (
        "sellers/test_query_budgets.py",
        "test_given_more_sellers_when_staff_open_the_seller_queues_then_the_queries_do_not_grow",
    ),
    "/staff/sellers/{seller_id}/history/": (
        "sellers/test_query_budgets.py",
        "test_given_more_decisions_when_staff_open_a_sellers_history_then_the_queries_do_not_grow",
    ),
    "/sellers/{slug}/": (
        "sellers/test_query_budgets.py",
        "test_given_more_reviews_when_anyone_opens_a_sellers_public_page_then_the_queries_do_not_grow",
    ),
    "/seller/payouts/": (
        "payouts/test_query_budgets.py",
        "test_given_more_transfers_when_the_seller_opens_its_payouts_page_then_the_queries_do_not_grow",
    ),
    "/seller/invoices/": (
        "invoices/test_query_budgets.py",
        "test_given_more_invoices_when_the_seller_and_the_buyer_open_their_invoice_pages_then_the_queries_do_not_grow",
    ),
    "/orders/{ref}/invoices/": (
        "invoices/test_query_budgets.py",
        "test_given_more_invoices_when_the_seller_and_the_buyer_open_their_invoice_pages_then_the_queries_do_not_grow",
    ),
    "/seller/trade-in/": (
        "tradein/test_query_budgets.py",
        "test_given_more_trade_ins_offers_and_wins_when_the_refurbisher_opens_its_pages_then_the_queries_do_not_grow",
    ),
    "/seller/trade-in/offers/": (
        "tradein/test_query_budgets.py",
        "test_given_more_trade_ins_offers_and_wins_when_the_refurbisher_opens_its_pages_then_the_queries_do_not_grow",
    ),
    "/seller/trade-in/wins/": (
        "tradein/test_query_budgets.py",
        "test_given_more_trade_ins_offers_and_wins_when_the_refurbisher_opens_its_pages_then_the_queries_do_not_grow",
    ),
    "/staff/trade-in/payouts/": (
        "tradein/test_query_budgets.py",
        "test_given_more_overdue_trade_in_payments_when_staff_open_the_payments_page_then_the_queries_do_not_grow",
    ),
    "/partner/": (
        "tradein/test_query_budgets.py",
        "test_given_more_stores_sales_and_models_when_partner_members_open_the_portal_then_the_queries_do_not_grow",
    ),
    "/partner/models/": (
        "tradein/test_query_budgets.py",
        "test_given_more_stores_sales_and_models_when_partner_members_open_the_portal_then_the_queries_do_not_grow",
    ),
    "/repair/bookings/": (
        "repair/test_query_budgets.py",
        "test_given_more_bookings_when_the_customer_opens_its_bookings_page_then_the_queries_do_not_grow",
    ),
    "/parts/": (
        "repair/test_query_budgets.py",
        "test_given_more_parts_and_models_when_staff_open_the_parts_pages_then_the_queries_do_not_grow",
    ),
    "/parts/obligations/": (
        "repair/test_query_budgets.py",
        "test_given_more_parts_and_models_when_staff_open_the_parts_pages_then_the_queries_do_not_grow",
    ),
    "/seller/recovery/": (
        "recovery/test_query_budgets.py",
        "test_given_more_collected_devices_when_the_refurbisher_and_staff_open_the_inventory_then_the_queries_do_not_grow",
    ),
    "/staff/recovery/": (
        "recovery/test_query_budgets.py",
        "test_given_more_collected_devices_when_the_refurbisher_and_staff_open_the_inventory_then_the_queries_do_not_grow",
    ),
    "/seller/statements/": (
        "trust/test_query_budgets.py",
        "test_given_more_statements_when_the_seller_opens_its_statements_page_then_the_queries_do_not_grow",
    ),
    "/staff/help/": (
        "help/test_query_budgets.py",
        "test_given_more_tickets_when_staff_open_the_help_desk_then_the_queries_do_not_grow",
    ),
    "/staff/backstage/": (
        "insights/test_query_budgets.py",
        "test_given_more_dead_events_jobs_and_workers_when_staff_open_the_backstage_then_the_queries_do_not_grow",
    ),
    "/staff/trade-in/held/": (
        "tradein/test_query_budgets.py",
        "test_given_more_held_devices_when_staff_open_the_held_devices_page_then_the_queries_do_not_grow",
    ),
    "/staff/payouts/runs/{run_id}/": (
        "payouts/test_query_budgets.py",
        "test_given_a_run_paying_more_sellers_when_staff_open_it_then_the_queries_do_not_grow",
    ),
    "/seller/listings/{pk}/photos/": (
        "offers/test_query_budgets.py",
        "test_given_more_photos_with_defects_when_the_seller_opens_the_photos_page_then_the_queries_do_not_grow",
    ),
    "/partner/models/{product_id}/photos/": (
        "tradein/test_partner_model_photos.py",
        "test_given_more_photos_of_each_colour_when_headquarters_open_the_page_then_the_queries_do_not_grow",
    ),
    "/staff/trust/": (
        "trust/test_query_budgets.py",
        "test_given_more_contests_and_reports_when_staff_open_the_trust_queue_then_the_queries_do_not_grow",
    ),
    "/staff/mystery-orders/": (
        "trust/test_query_budgets.py",
        "test_given_more_mystery_orders_placed_and_inspected_when_staff_open_their_page_then_the_queries_do_not_grow",
    ),
    "/authenticator/": (
        "offers/test_query_budgets.py",
        "test_given_more_listings_to_authenticate_when_an_authenticator_opens_the_desk_then_the_queries_do_not_grow",
    ),
    "/accounts/tokens/": (
        "accounts/test_query_budgets.py",
        "test_given_more_tokens_when_a_seller_opens_its_tokens_page_then_the_queries_do_not_grow",
    ),
    "/seller/passports/": (
        "passports/test_query_budgets.py",
        "test_given_more_stock_passports_of_several_models_when_the_seller_opens_its_page_then_the_queries_do_not_grow",
    ),
    "/staff/devices/": (
        "devices/test_query_budgets.py",
        "test_given_more_alerts_closed_alerts_and_hand_overs_when_staff_open_the_page_then_the_queries_do_not_grow",
    ),
    "/staff/insights/": (
        "insights/test_query_budgets.py",
        "test_given_more_sellers_selling_in_more_markets_when_staff_open_the_dashboard_then_the_queries_do_not_grow",
    ),
    "/repair/": (
        "repair/test_query_budgets.py",
        "test_given_more_booked_locations_when_anyone_opens_repair_near_me_then_the_queries_do_not_grow",
    ),
    "/repair/desk/": (
        "repair/test_query_budgets.py",
        "test_given_more_bookings_and_jobs_when_the_repairer_opens_the_desk_then_the_queries_do_not_grow",
    ),
}

# Web pages that list rows and have no budget test yet. This list only shrinks: give a page its test, move it
# to WEB_LISTS; a new list page goes straight to WEB_LISTS.
WEB_LISTS_WITHOUT_BUDGET: frozenset[str] = frozenset()
