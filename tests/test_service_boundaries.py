"""Services talk over the broker and HTTP only: no service's code imports another service."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SERVICES = ("intake", "tickets", "chat", "sla", "notify", "desk")


def imported_top_packages(source: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_no_service_imports_another_service() -> None:
    crossings = [
        f"{path.relative_to(ROOT)} imports {other}"
        for service in SERVICES
        for path in sorted((ROOT / "services" / service / "src").rglob("*.py"))
        for other in imported_top_packages(path) & set(SERVICES) - {service}
    ]
    assert crossings == []


def test_shared_libraries_import_no_service() -> None:
    libraries = ("runtime", "calendar", "pages")
    crossings = [
        f"{path.relative_to(ROOT)} imports {name}"
        for library in libraries
        for path in sorted((ROOT / "services" / library / "src").rglob("*.py"))
        for name in imported_top_packages(path) & set(SERVICES)
    ]
    assert crossings == []
