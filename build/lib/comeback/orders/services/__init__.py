"""Every write and rule of buying, one module per use case:

- cart.py        add / change / remove cart items
- checkout/      reserve stock, pay, confirm or release (idempotent), one module per step
- fulfilment.py  seller accept / ship / cancel, delivery (carrier, buyer, clock), clock catch-up
- refunds.py     ledger + provider refunds back to the original payment
- returns.py     return requests, receipt, refund
- reviews.py     one review per delivered line
- payouts.py     seller payouts on fixed days
"""
