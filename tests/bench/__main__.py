"""`make bench`: run every benchmark against the real broker and database and print its figures."""

from __future__ import annotations

import asyncio

from helpdesk_runtime.logging import configure_logging
from tests.bench import broker_roundtrip
from tests.support.infrastructure import provide_infrastructure
from tests.support.isolation import IsolatedRun


def print_figures(title: str, figures: dict[str, float]) -> None:
    print(f"\n== {title}")
    for name, value in figures.items():
        print(f"  {name:<28} {value:>12.2f}")


async def main() -> None:
    configure_logging("bench", level="WARNING", as_json=False)
    with provide_infrastructure() as infrastructure:
        print(f"infrastructure: {infrastructure.origin} (FerretDB figures are not MongoDB's)")
        run = IsolatedRun(infrastructure)
        try:
            figures = await broker_roundtrip.measure(run)
            print_figures(
                f"broker round trip, {broker_roundtrip.MESSAGES} persistent confirmed messages",
                figures,
            )
        finally:
            await run.clean_up()


if __name__ == "__main__":
    asyncio.run(main())
