"""Every v1 event the helpdesk services exchange, by domain."""
