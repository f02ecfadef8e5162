"""What the planner tells people by e-mail: the outbox, iTIP invitations, reminders, delivery."""
