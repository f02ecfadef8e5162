"""The Nur-Sultan seminar's recommendations, tracked as actions of a conference."""
