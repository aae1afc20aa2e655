"""Run the notify service: `python -m notify`."""

from helpdesk_runtime.serve import serve
from notify.app import build_app
from notify.settings import NotifySettings

if __name__ == "__main__":
    serve("notify", NotifySettings(), build_app)
