"""Adapters: MongoDB repositories of tickets, contacts (and their merges), organizations,
staff and magic links."""
