"""HTTP entrypoints: the agent API, the customer API ("Meus chamados") and their errors."""
