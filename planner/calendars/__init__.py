"""The one iCalendar serializer (meetings -> bytes) and the feeds built with it."""
