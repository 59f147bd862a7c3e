"""Trade-in services, one module per use case: buyback offers, quotes, orders (accept, ship, answer a
counter-offer), inspection (intake, validation, counter-offers, wipe, lock, returns), deadlines, payouts,
routing and partners. Every write and rule lives here; views and the API only translate."""
