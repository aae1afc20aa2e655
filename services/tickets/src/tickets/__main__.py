"""Run the tickets service: `python -m tickets`."""

from helpdesk_runtime.serve import serve
from tickets.app import build_app
from tickets.settings import TicketsSettings

if __name__ == "__main__":
    serve("tickets", TicketsSettings(), build_app)
