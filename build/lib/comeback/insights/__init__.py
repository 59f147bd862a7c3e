"""Operator insights: GMV, net revenue, sellers, trade-ins, quality and impact, from rollups refreshed by a task; the public trust report."""
