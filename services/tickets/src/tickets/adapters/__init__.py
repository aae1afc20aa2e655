"""Adapters: MongoDB repositories of tickets, contacts, staff and magic links."""
