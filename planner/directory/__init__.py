"""Who takes part: states, zones (treaty groups), organizations, their memberships and contacts."""
