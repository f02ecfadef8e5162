"""Meetings of a conference: single, all-day and recurring, their exceptions and invitations."""
