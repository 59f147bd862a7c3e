"""Every write and rule of buying, one module per use case:

- cart.py        add / change / remove cart items
- checkout.py    reserve stock, pay, confirm or release (idempotent)
- fulfilment.py  seller accept / ship / cancel, delivery (carrier, buyer, clock), clock catch-up
- refunds.py     ledger + provider refunds back to the original payment
- returns.py     return requests, receipt, refund
- reviews.py     one review per delivered line
- payouts.py     seller payouts on fixed days
"""
