"""The invoices API: `buyer.py` (an order's invoices), `seller.py` (a shop's invoices), and the documents
themselves for whoever may read them (`documents.py`)."""
