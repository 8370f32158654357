#!/usr/bin/env bash
# Ralph LRS for the integration tests: install (own virtualenv), start, stop.
# Sourced by .ci/run:  ralph_install; ralph_start (exports NTC_TEST_LRS_*); ralph_stop.
# Self-contained: nothing here depends on the rest of .ci/run.

RALPH_VENV="${RALPH_VENV:-.venv-ralph}"
RALPH_REQUIREMENTS=".ci/ralph-requirements.txt"
RALPH_PID=""
RALPH_HOME=""

ralph_install() {
    local stamp="$RALPH_VENV/.installed-$(cksum "$RALPH_REQUIREMENTS" | cut -d' ' -f1)"
    if [[ -x "$RALPH_VENV/bin/ralph" && -f "$stamp" ]]; then
        return 0
    fi
    python3 -m venv "$RALPH_VENV"
    "$RALPH_VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
        -r "$RALPH_REQUIREMENTS"
    rm -f "$RALPH_VENV"/.installed-*
    touch "$stamp"
}

ralph_free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

ralph_start() {
    RALPH_HOME="$(mktemp -d)"
    local port user password
    port="$(ralph_free_port)"
    user="ntc-ci"
    password="ci-$(python3 -c 'import secrets; print(secrets.token_hex(8))')"
    export RALPH_APP_DIR="$RALPH_HOME/app"
    export RALPH_RUNSERVER_BACKEND=fs
    export RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH="$RALPH_HOME/statements"
    mkdir -p "$RALPH_APP_DIR" "$RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH"
    "$RALPH_VENV/bin/ralph" auth -u "$user" -p "$password" -s all \
        -M "mailto:$user@example.org" -w > "$RALPH_HOME/auth.log" 2>&1
    "$RALPH_VENV/bin/ralph" runserver -b fs -h 127.0.0.1 -p "$port" \
        > "$RALPH_HOME/server.log" 2>&1 &
    RALPH_PID=$!
    local url="http://127.0.0.1:$port"
    # Bounded poll: up to 60 s, answer checked every 0.25 s.
    if ! python3 - "$url/__heartbeat__" <<'PY'
import sys, time, urllib.request
deadline = time.monotonic() + 60
while time.monotonic() < deadline:
    try:
        with urllib.request.urlopen(sys.argv[1], timeout=2) as r:
            if r.status == 200:
                sys.exit(0)
    except OSError:
        pass
    time.sleep(0.25)
sys.exit(1)
PY
    then
        echo "Ralph LRS did not answer on $url:" >&2
        cat "$RALPH_HOME/server.log" >&2
        return 1
    fi
    export NTC_TEST_LRS_URL="$url/xAPI/"
    export NTC_TEST_LRS_USER="$user"
    export NTC_TEST_LRS_PASSWORD="$password"
    echo "Ralph LRS running on $url (pid $RALPH_PID)"
}

ralph_stop() {
    if [[ -n "$RALPH_PID" ]]; then
        kill "$RALPH_PID" 2>/dev/null || true
        wait "$RALPH_PID" 2>/dev/null || true
        RALPH_PID=""
    fi
    if [[ -n "$RALPH_HOME" ]]; then
        rm -rf "$RALPH_HOME"
        RALPH_HOME=""
    fi
}
