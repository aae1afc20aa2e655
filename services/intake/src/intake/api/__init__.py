"""Intake's HTTP doors: raw email, web form (JSON and HTML) and the WhatsApp webhook."""
