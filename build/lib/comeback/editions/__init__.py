"""Upcycled limited editions: what recovery's creative collections become — numbered items sold through
offers, each with a passport naming its donor units (docs/fashion.md "Upcycled editions")."""
