from tests.orders.conftest import offer, other_offer  # noqa: F401
from tests.sellers.conftest import facts  # noqa: F401
