"""The analysts' workspace (`/desk/`): pages over the public HTTP APIs of tickets and sla."""
