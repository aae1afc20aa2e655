"""Pure domain of the chat service: knowledge base and search, the virtual assistant's
conversation state machine, transcripts and the business-hours notice. No I/O except
`load_knowledge_base`, which reads the Markdown articles once at start-up."""
