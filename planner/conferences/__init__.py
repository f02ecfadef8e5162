"""The conferences being prepared."""
