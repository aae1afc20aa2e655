"""Outbound and storage adapters: MongoDB repositories, the SMTP relay, the WhatsApp Cloud API."""
