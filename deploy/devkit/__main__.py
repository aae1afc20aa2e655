"""`python -m deploy.devkit whatsapp "texto" --from 5511987654321`: write as a WhatsApp customer.
`python -m deploy.devkit whatsapp-sandbox`: serve the local Cloud API sandbox (make run does)."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime, timedelta

import httpx
import uvicorn

from deploy.devkit.sandbox_config import ENVIRONMENT, REQUIRED, config_path, load_config
from deploy.devkit.whatsapp_customer import CustomerText, send_as_customer
from deploy.devkit.whatsapp_sandbox import sandbox_app


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m deploy.devkit", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    customer = commands.add_parser("whatsapp", help="send a signed inbound message to intake")
    customer.add_argument("text")
    customer.add_argument("--from", dest="sender", required=True, help="digits, e.g. 5511987654321")
    customer.add_argument("--name", default="Cliente WhatsApp", help="the WhatsApp profile name")
    customer.add_argument(
        "--hours-ago", type=float, default=0.0, help="when the customer sent it (window tests)"
    )
    commands.add_parser("whatsapp-sandbox", help="serve the Cloud API sandbox on loopback")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    path = config_path()
    config = load_config(path, os.environ)
    if config is None:
        needed = ", ".join(ENVIRONMENT[field] for field in REQUIRED)
        print(f"{path} is missing (make run creates it); or set {needed}", file=sys.stderr)
        return 2
    if args.command == "whatsapp-sandbox":
        app = sandbox_app(config)
        host = os.environ.get("HELPDESK_HTTP_HOST", "127.0.0.1")  # 0.0.0.0 in a container
        uvicorn.run(app, host=host, port=config.sandbox_port, log_level="warning")
        return 0
    sender = "".join(ch for ch in args.sender if ch.isdigit())
    sent_at = datetime.now(UTC) - timedelta(hours=args.hours_ago)
    message = CustomerText(sender, args.text, sent_at, args.name)
    try:
        answer = send_as_customer(message, config)
    except httpx.HTTPStatusError as refused:
        print(f"intake refused it: {refused.response.status_code} {refused.response.text}")
        return 1
    except httpx.TransportError as failure:
        print(f"intake at {config.intake_url} does not answer: {failure}", file=sys.stderr)
        return 1
    print(f"intake accepted it: {answer}")
    print(f"conversation: {config.sandbox_url}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
