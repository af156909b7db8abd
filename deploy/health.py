"""Whether the dashboard on this machine (or in this container) is up: exit 0 when
http://127.0.0.1:PORT/_stcore/health answers "ok", else 1 with one line saying why.

    python deploy/health.py            # port 8501, or STREAMLIT_SERVER_PORT
    python deploy/health.py --port 8502

The request names the host `localhost` (served in local mode), or UEP_HEALTH_HOST: with
sign-in, the dashboard answers only to the host names it serves (README, "Sign-in"), so set
UEP_HEALTH_HOST to one of them. The container image's HEALTHCHECK runs this.
"""

from __future__ import annotations

import argparse
import http.client
import os
import sys

TIMEOUT_SECONDS = 4


def healthy(port: int, host: str) -> str | None:
    """None when the server answers "ok"; otherwise why not, in a few words."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT_SECONDS)
    try:
        connection.request("GET", "/_stcore/health", headers={"Host": host})
        response = connection.getresponse()
        body = response.read(100).strip()
    except OSError as error:
        return f"nothing answers on 127.0.0.1:{port} ({error.strerror or error})"
    finally:
        connection.close()
    if response.status != 200 or body != b"ok":
        hint = (
            f" (is {host} a host name the dashboard serves? set UEP_HEALTH_HOST)"
            if response.status == 400
            else ""
        )
        said = " ".join(body.decode("utf-8", "replace").split())[:60]
        return f"/_stcore/health answered {response.status} “{said}”{hint}"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="deploy/health.py", description=__doc__.split("\n")[0])
    port = os.environ.get("STREAMLIT_SERVER_PORT", "").strip()
    parser.add_argument("--port", type=int, default=int(port) if port.isdigit() else 8501)
    args = parser.parse_args(argv)
    why = healthy(args.port, os.environ.get("UEP_HEALTH_HOST") or "localhost")
    if why:
        print(f"unhealthy: {why}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
