"""Payout use cases (docs/payouts.md), one module each:

- bank_accounts.py  a seller registers or changes where it is paid (password again; a change holds payouts)
- runs.py           the scheduled run: what is released leaves, once per payout day
- sepa.py           the pain.001.001.09 file of a run's EUR transfers
- sending.py        transfers in other currencies through the payout provider
- statements.py     camt.053 import: transfers marked paid or failed; failed ones back in the balance
"""
