"""People who sign in to the web planner: roles, password hashes, sign-in throttling."""
