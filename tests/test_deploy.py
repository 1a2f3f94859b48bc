"""The production settings, the container image's recipe and the compose file.

Docker has no daemon on our machines, so the image is not built here. Instead these tests
check the files, and run what the image would run: the same files copied as the
Dockerfile copies them, started with its CMD, probed with its HEALTHCHECK.
"""

import json
import re
import shlex
import shutil
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest
import yaml
from threads import in_a_thread

from bench.harness import free_port, running_server

ROOT = Path(__file__).resolve().parent.parent


def dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def instruction(name: str) -> list[str]:
    return [args for word, args in dockerfile() if word == name]


def test_production_settings():
    cfg = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert cfg["client"]["showErrorDetails"] == "none"  # no tracebacks or paths for users
    assert cfg["browser"]["gatherUsageStats"] is False
    assert cfg["server"]["enableXsrfProtection"] is True
    assert 1 <= cfg["server"]["maxMessageSize"] <= 200
    assert cfg["server"]["fileWatcherType"] == "none"
    assert cfg["runner"]["postScriptGC"] is False
    assert cfg["server"]["disconnectedSessionTTL"] <= 60
    # What a browser may send: the parser's 10,000 characters need far less than 25 MB.
    assert cfg["server"]["maxWidgetStateSize"] == 1
    assert cfg["server"]["maxUploadSize"] == 1
    assert cfg["server"]["enableAgentApi"] is False
    assert cfg["server"]["allowedHosts"] and "*" not in cfg["server"]["allowedHosts"]
    assert cfg["client"]["showErrorLinks"] is False
    assert all(o.endswith(".invalid") for o in cfg["client"]["allowedOrigins"])


def _streamlit_options(prefixes=("server.", "client.")) -> list[str]:
    from streamlit import config

    config.get_config_options()
    return sorted(
        name
        for name, opt in config._config_options.items()
        if name.startswith(prefixes) and not opt.deprecated
    )


def test_every_server_and_client_option_was_reviewed():
    """Each option is set with its reason, or named among those left at their default; a
    Streamlit upgrade that adds one fails here until it is reviewed."""
    text = (ROOT / ".streamlit" / "config.toml").read_text()
    cfg = tomllib.loads(text)
    for name in _streamlit_options():
        section, key = name.split(".", 1)
        assert key in cfg.get(section, {}) or name in text, f"{name} was not reviewed"


@pytest.fixture(scope="module")
def served():
    """The app served with the repository's settings: (port, server process)."""
    with running_server() as (url, proc):
        yield int(url.rsplit(":", 1)[1]), proc


def _send(port: int, payload: bytes, host: str = "127.0.0.1") -> int | None:
    """Open Streamlit's websocket as ``host``, send ``payload``; the close code, or None
    if the server kept the socket open for a second."""
    import asyncio

    import websockets
    import websockets.exceptions

    async def go():
        uri = f"ws://{host}:{port}/_stcore/stream"
        async with websockets.connect(
            uri, host="127.0.0.1", port=port, max_size=None, open_timeout=10
        ) as ws:
            await ws.send(payload)
            try:
                await asyncio.wait_for(ws.wait_closed(), timeout=1.0)
            except TimeoutError:
                return None
            return ws.close_code

    return in_a_thread(asyncio.run, go())


def test_a_browser_message_over_the_widget_state_limit_closes_the_socket(served):
    port, _ = served
    assert _send(port, b"\0" * 1_500_000) == 1009  # Message Too Big, over 1 MB
    assert _send(port, b"\0" * 20_000) != 1009  # twice a full text field is still read


def test_a_websocket_from_an_unknown_host_name_is_refused(served):
    import websockets.exceptions

    port, _ = served
    with pytest.raises(websockets.exceptions.InvalidStatus) as err:
        _send(port, b"", host="rebound.example")
    assert err.value.response.status_code == 403


def test_dockerfile_is_slim_non_root_and_healthchecked():
    (base,) = instruction("FROM")
    assert base.startswith("python:3.1") and "-slim" in base
    users = instruction("USER")
    assert users and users[-1] not in ("root", "0")
    words = [w for w, _ in dockerfile()]
    assert words.index("USER") < words.index("CMD")
    (health,) = instruction("HEALTHCHECK")
    assert "/_stcore/health" in health
    assert any("--require-hashes" in r and "-r requirements.lock" in r for r in instruction("RUN"))
    assert not any("requirements-dev" in r for r in instruction("RUN"))
    assert any(".streamlit" in c for c in instruction("COPY"))


def test_dockerignore_keeps_tests_and_venv_out():
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".venv", ".git", "tests"} <= set(ignored)


@pytest.fixture
def image_tree(tmp_path):
    """The files the Dockerfile copies into /app, and nothing else."""
    for args in instruction("COPY"):
        parts = [p for p in args.split() if not p.startswith("--")]
        src, dest = parts[0], parts[-1]
        if src.startswith("requirements"):
            continue
        target = tmp_path / dest.rstrip("/") if dest not in (".", "./") else tmp_path / src
        if (ROOT / src).is_dir():
            shutil.copytree(ROOT / src, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(ROOT / src, target)
    return tmp_path


def test_the_image_cmd_serves_and_its_healthcheck_passes(image_tree):
    (cmd,) = instruction("CMD")
    argv = json.loads(cmd)
    port = free_port()
    argv = [sys.executable if a == "python" else a for a in argv]
    argv = [f"--server.port={port}" if a.startswith("--server.port") else a for a in argv]
    argv = ["--server.address=127.0.0.1" if a.startswith("--server.address") else a for a in argv]
    (health,) = instruction("HEALTHCHECK")
    probe = shlex.split(health.split(" CMD ", 1)[1].replace("8501", str(port)))
    probe = [sys.executable if a == "python" else a for a in probe]
    proc = subprocess.Popen(
        argv, cwd=image_tree, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 60
        while subprocess.run(probe, capture_output=True).returncode != 0:
            assert proc.poll() is None, "the CMD exited"
            assert time.monotonic() < deadline, "the HEALTHCHECK never passed"
            time.sleep(0.5)
        url = f"http://127.0.0.1:{port}/"
        with urllib.request.urlopen(url, timeout=5) as page:
            assert page.status == 200
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    # With the server gone the same probe must fail: the check can tell.
    assert subprocess.run(probe, capture_output=True).returncode != 0


def test_compose_runs_replicas_behind_a_sticky_proxy():
    spec = yaml.safe_load((ROOT / "compose.yaml").read_text())
    app, proxy = spec["services"]["app"], spec["services"]["proxy"]
    assert app["deploy"]["replicas"] >= 2
    labels = app["labels"]
    assert labels["traefik.http.services.metl.loadbalancer.sticky.cookie"] == "true"
    assert labels["traefik.http.services.metl.loadbalancer.server.port"] == "8501"
    assert "/_stcore/health" in " ".join(app["healthcheck"]["test"])
    # Every replica must sign cookies with the same secret; compose refuses to start without.
    assert ":?" in app["environment"]["STREAMLIT_SERVER_COOKIE_SECRET"]
    # In a deployment the public host name is the allow-list, or no websocket would open.
    assert app["environment"]["STREAMLIT_SERVER_ALLOWED_HOSTS"].startswith("${METL_HOST:?")
    assert proxy["image"].startswith("traefik:")
    assert proxy["depends_on"]["app"]["condition"] == "service_healthy"


def test_the_replicas_share_the_polls_in_postgresql():
    services = _compose()["services"]
    app, db = services["app"], services["postgres"]
    url = app["environment"]["METL_DATABASE_URL"]
    assert url.startswith("postgresql+psycopg://") and "@postgres:5432/" in url
    assert ":?" in db["environment"]["POSTGRES_PASSWORD"]  # no default password
    assert app["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert "ports" not in db  # reached by the replicas only
    assert any(v.endswith(":/var/lib/postgresql/data") for v in db["volumes"])
    assert ":?" in app["environment"]["METL_TEACHER_PASSWORD"]
    # A single container keeps SQLite in the one folder its user may write.
    env = " ".join(instruction("ENV"))
    assert "METL_DATA_DIR=/data" in env
    assert any("-o metl" in r and "/data" in r for r in instruction("RUN"))


def _compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def test_every_image_is_pinned_by_version():
    (base,) = instruction("FROM")
    assert re.fullmatch(r"python:3\.11\.\d+-slim-[a-z]+(@sha256:[0-9a-f]{64})?", base), base
    for name, service in _compose()["services"].items():
        if "build" in service:
            continue  # the app's own image, built from the pinned Dockerfile
        # PostgreSQL numbers its releases major.minor (15.18): two parts pin it too.
        assert re.fullmatch(
            r"[\w./-]+:v?\d+\.\d+(\.\d+)?(@sha256:[0-9a-f]{64})?", service["image"]
        ), name


def test_the_image_installs_exact_versions_with_hashes_from_a_lock_made_from_requirements():
    from packaging.requirements import Requirement

    text = (ROOT / "requirements.lock").read_text()
    assert "pip-compile" in text and "--generate-hashes" in text and "requirements.txt" in text
    pins = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text.split("\n\n", 1)[-1].strip()):
        if block.startswith("#"):
            continue
        head = block.split()[0]
        name, _, version = head.partition("==")
        assert version, f"{head} is not pinned to one version"
        assert "--hash=sha256:" in block, f"{name} has no hash"
        pins[name.lower()] = version
    wanted = [
        Requirement(line)
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    for req in wanted:
        assert req.name.lower() in pins, f"{req.name} is missing from the lock"
        assert req.specifier.contains(pins[req.name.lower()]), (
            f"{req.name} {pins[req.name.lower()]}"
        )
    assert len(pins) > len(wanted)  # the dependencies of the dependencies too
    # `make run` installs from requirements.txt and needs no lock.
    assert "-r requirements.txt" in (ROOT / "Makefile").read_text()


def test_the_apps_files_are_roots_and_read_only_for_the_runtime_user():
    words = [w for w, _ in dockerfile()]
    copies = [args for w, args in dockerfile() if w == "COPY"]
    assert not any("--chown" in c for c in copies), "COPY without --chown leaves root the owner"
    last_copy = max(i for i, w in enumerate(words) if w == "COPY")
    lock = [i for i, (w, a) in enumerate(dockerfile()) if w == "RUN" and "chmod -R a-w /app" in a]
    assert lock and last_copy < lock[0] < words.index("USER")


def test_one_blas_thread_per_one_cpu_replica():
    env = " ".join(instruction("ENV"))
    for var in ("OPENBLAS_NUM_THREADS=1", "OMP_NUM_THREADS=1", "MKL_NUM_THREADS=1"):
        assert var in env
    assert float(_compose()["services"]["app"]["deploy"]["resources"]["limits"]["cpus"]) == 1.0


def test_the_proxy_sets_security_headers_ends_tls_and_never_holds_the_docker_socket():
    spec = _compose()
    services = spec["services"]
    labels = services["app"]["labels"]
    headers = "traefik.http.middlewares.metl-headers.headers."
    assert labels["traefik.http.routers.metl.middlewares"] == "metl-headers"
    assert labels[headers + "frameDeny"] == "true"
    assert labels[headers + "contentTypeNosniff"] == "true"
    assert int(labels[headers + "stsSeconds"]) >= 31_536_000
    csp = labels[headers + "contentSecurityPolicy"]
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert "'unsafe-eval'" not in csp and "script-src 'self'" in csp
    assert labels["traefik.http.routers.metl.entrypoints"] == "websecure"
    assert labels["traefik.http.routers.metl.tls"] == "true"
    proxy = services["proxy"]
    assert not any("docker.sock" in v for v in proxy.get("volumes", []))
    assert "--providers.docker.endpoint=tcp://socket-proxy:2375" in proxy["command"]
    assert "--entrypoints.web.http.redirections.entrypoint.to=websecure" in proxy["command"]
    socket_proxy = services["socket-proxy"]
    assert socket_proxy["volumes"] == ["/var/run/docker.sock:/var/run/docker.sock:ro"]
    assert socket_proxy["environment"]["POST"] == "0"
    assert spec["networks"]["docker-api"]["internal"] is True
    assert "docker-api" not in services["app"].get("networks", [])
