"""Pledges, payments and the status of contributions."""
