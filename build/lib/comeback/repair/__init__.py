"""Repair network: spare parts and the 7-year availability obligation, repair locations, bookings and repair jobs (docs/design.md §2 "Repair and spare parts")."""
