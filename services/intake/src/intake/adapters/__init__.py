"""Intake's adapters: the inbound archive in MongoDB (documents and GridFS)."""
