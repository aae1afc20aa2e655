"""Run the chat service: `python -m chat`."""

from chat.app import build_app
from chat.settings import ChatSettings
from helpdesk_runtime.serve import serve

if __name__ == "__main__":
    serve("chat", ChatSettings(), build_app)
