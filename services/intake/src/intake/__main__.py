"""Run the intake service: `python -m intake`."""

from helpdesk_runtime.serve import serve
from intake.app import build_app
from intake.settings import IntakeSettings

if __name__ == "__main__":
    serve("intake", IntakeSettings(), build_app)
