"""Mailpit, the mail catcher `make run` points notify at, built once into ~/.cache/helpdesk.

The Go module proxy's copy of Mailpit lacks its built web page (server/ui/dist), but carries the
UI sources with package.json and package-lock.json: a copy of the module gets `npm ci && npm run
build` before `go build`. When the npm registry in use cannot serve a version the lock file names
(measured here: sass-embedded 1.108.1 and rapidoc 12.1.0 answer 404), the UI is resolved from
package.json's ranges instead (`npm install`, rapidoc held at 9.3.8, the last one served).
Standard library only, like infra.py.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

MAILPIT_MODULE = "github.com/axllent/mailpit"
MAILPIT_VERSION = "v1.33.1"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "helpdesk"
FALLBACK_OVERRIDES = {"rapidoc": "9.3.8"}
"""Versions held when the lock file cannot be installed from the registry at hand."""


class MailpitUnavailable(RuntimeError):
    """Mailpit could not be built here; the message carries the failing command's output."""


BUILD_RECIPE = 1
"""Raise when the way the binary is built changes: the cached name changes with it."""


def mailpit_binary() -> Path:
    recipe = json.dumps([BUILD_RECIPE, FALLBACK_OVERRIDES], sort_keys=True).encode()
    return CACHE / f"mailpit-{MAILPIT_VERSION}-{hashlib.sha256(recipe).hexdigest()[:10]}"


def _run(command: list[str], cwd: Path, timeout: float = 1200) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1", "CGO_ENABLED": "0"}
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def _must(command: list[str], cwd: Path) -> str:
    result = _run(command, cwd)
    if result.returncode != 0:
        output = (result.stderr or result.stdout)[-2500:]
        raise MailpitUnavailable(f"`{' '.join(command)}` failed:\n{output}")
    return result.stdout


def _module_copy(workdir: Path) -> Path:
    module = f"{MAILPIT_MODULE}@{MAILPIT_VERSION}"
    download = _must(["go", "mod", "download", "-json", module], workdir)
    source = workdir / "mailpit"
    shutil.copytree(json.loads(download)["Dir"], source)
    for path in [source, *source.rglob("*")]:
        path.chmod(path.stat().st_mode | 0o200)  # the module cache is read-only
    return source


def _build_page(source: Path) -> str:
    """`npm ci`, or the fallback; then `npm run build`. Returns how the page was resolved."""
    npm = ["npm", "--no-audit", "--no-fund", "--loglevel=error"]
    how = "npm ci (package-lock.json)"
    locked = _run([*npm, "ci"], source)
    if locked.returncode != 0:
        reason = next((line for line in locked.stderr.splitlines() if "404" in line), "failed")
        package = json.loads((source / "package.json").read_text())
        package["dependencies"].update(FALLBACK_OVERRIDES)
        package["overrides"] = FALLBACK_OVERRIDES
        (source / "package.json").write_text(json.dumps(package, indent=2))
        (source / "package-lock.json").unlink()
        _must([*npm, "install"], source)
        how = f"npm ci: {reason}; npm install from package.json, held {FALLBACK_OVERRIDES}"
    _must(["npm", "run", "build"], source)
    if not (source / "server" / "ui" / "dist" / "app.js").exists():
        raise MailpitUnavailable("`npm run build` wrote no server/ui/dist/app.js")
    return how


def build_mailpit(say: Callable[[str], None] = print) -> Path:
    """The cached binary, built on first use (minutes); raises MailpitUnavailable."""
    binary = mailpit_binary()
    if binary.exists():
        return binary
    for tool in ("go", "npm"):
        if shutil.which(tool) is None:
            raise MailpitUnavailable(f"building Mailpit needs `{tool}`, which is not installed")
    say(f"building Mailpit {MAILPIT_VERSION} with its web page (first run only, minutes)")
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="mailpit-build-") as folder:
        source = _module_copy(Path(folder))
        how = _build_page(source)
        flags = f"-s -w -X {MAILPIT_MODULE}/config.Version={MAILPIT_VERSION}"
        partial = binary.with_suffix(".partial")
        _must(["go", "build", "-ldflags", flags, "-o", str(partial), "."], source)
        partial.rename(binary)
    say(f"built {binary.name} (web page: {how})")
    return binary


def mailpit_command(binary: Path, *, smtp_port: int, web_port: int, data: Path) -> list[str]:
    """Loopback only; messages kept in `data` across restarts (Mailpit's own limit: 500)."""
    return [
        str(binary),
        "--listen",
        f"127.0.0.1:{web_port}",
        "--smtp",
        f"127.0.0.1:{smtp_port}",
        "--database",
        str(data),
        "--smtp-auth-accept-any",
        "--smtp-auth-allow-insecure",
    ]
