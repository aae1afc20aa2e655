"""Run the analysts' workspace: `python -m desk`."""

from desk.app import build_app
from desk.settings import DeskSettings
from helpdesk_runtime.serve import serve

if __name__ == "__main__":
    serve("desk", DeskSettings(), build_app)
