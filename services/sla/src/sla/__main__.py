"""Run the sla service: `python -m sla`."""

from helpdesk_runtime.serve import serve
from sla.app import build_app
from sla.settings import SlaSettings

if __name__ == "__main__":
    serve("sla", SlaSettings(), build_app)
