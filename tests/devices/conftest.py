from tests.orders.conftest import offer, other_buyer, other_offer, paid_line, paid_order  # noqa: F401
