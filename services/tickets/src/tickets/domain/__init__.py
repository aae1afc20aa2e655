"""The tickets domain: pure rules and immutable models, no I/O.

- status, status_display: the lifecycle table and the names customers and staff see
- model, events: the Ticket aggregate and the `ticket.*` events its changes cause
- opening, conversation, comment_rules, workflow, triage, merge, csat: the changes, each
  returning an Outcome (the new ticket plus its events)
- reply_policy, message_threading, duplicates: where an inbound message goes
- priority_rules, agents: priority from category rules, round-robin assignment
- reclassification: an agent changing the category, and the priority that follows it
- identities, contacts, organizations: requesters and the companies they belong to
- requester_change: a ticket moving to the contact its requester was merged into
- my_tickets, sign_in: the customer's own view ("Meus chamados") and the magic link to it
"""
