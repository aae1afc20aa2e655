"""Outside-world adapters of the chat service: MongoDB, RabbitMQ relay, files, calendar."""
