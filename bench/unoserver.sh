#!/usr/bin/env bash
# A warm PDF converter for Livret on this machine: unoserver keeps one LibreOffice running and
# converts over XML-RPC (LIVRET_UNOSERVER=host:port points the bot at it).
#
#   bench/unoserver.sh [start]   install if missing, start if not running, wait until it
#                                answers, print its pid (the only thing on stdout); exit 3
#                                when an unoserver it did not start answers on the port
#   bench/unoserver.sh stop      stop the server started here (and its LibreOffice)
#   bench/unoserver.sh status    print the pid and exit 0 if it answers, else exit 1
#   bench/unoserver.sh install   only install
#
# unoserver imports `uno`, which only the system Python has (Debian's python3-uno), so it gets
# its own venv made from that Python with --system-site-packages. Every step is idempotent:
# run it as often as you like, from a shell, the benchmark or CI.
#
# Settings (environment):
#   LIVRET_UNOSERVER_PYTHON     Python that has uno           (/usr/bin/python3)
#   LIVRET_UNOSERVER_VENV       where unoserver is installed   (/opt/livret-unoserver, or
#                               ~/.cache/livret-unoserver when /opt is not writable)
#   LIVRET_UNOSERVER_VERSION    unoserver version to install   (the client's in .venv, else latest)
#   LIVRET_UNOSERVER_INTERFACE  XML-RPC interface              (127.0.0.1)
#   LIVRET_UNOSERVER_PORT       XML-RPC port                   (2003)
#   LIVRET_UNOSERVER_UNO_PORT   LibreOffice's UNO port         (2002)
#   LIVRET_UNOSERVER_WAIT       seconds to wait for it to answer (120)
#   LIVRET_UNOSERVER_ARGS       more unoserver arguments, e.g. "--conversion-timeout 120"
#   LIVRET_SOFFICE              LibreOffice executable         (soffice on the PATH)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${LIVRET_UNOSERVER_PYTHON:-/usr/bin/python3}
if [[ -n ${LIVRET_UNOSERVER_VENV:-} ]]; then
    VENV=$LIVRET_UNOSERVER_VENV
elif [[ -w /opt || -d /opt/livret-unoserver ]]; then
    VENV=/opt/livret-unoserver
else
    VENV=${XDG_CACHE_HOME:-$HOME/.cache}/livret-unoserver
fi
INTERFACE=${LIVRET_UNOSERVER_INTERFACE:-127.0.0.1}
PORT=${LIVRET_UNOSERVER_PORT:-2003}
UNO_PORT=${LIVRET_UNOSERVER_UNO_PORT:-2002}
WAIT=${LIVRET_UNOSERVER_WAIT:-120}
SOFFICE=${LIVRET_SOFFICE:-$(command -v soffice || true)}
RUN=$VENV/run
PIDFILE=$RUN/unoserver-$PORT.pid
LOG=$RUN/unoserver-$PORT.log
# A profile kept between starts: LibreOffice's first start in a new profile costs seconds.
PROFILE=$RUN/profile-$PORT

say() { echo "unoserver.sh: $*" >&2; }
die() { say "$*"; exit 1; }

# ---------------------------------------------------------------------------------------------

installed() {
    [[ -x $VENV/bin/unoserver ]] && "$VENV/bin/python" -c 'import uno, unoserver' 2>/dev/null
}

install() {
    installed && return 0
    "$PYTHON" -c 'import uno' 2>/dev/null \
        || die "$PYTHON cannot import uno: install LibreOffice's Python bridge (apt-get install -y python3-uno)"
    local version=${LIVRET_UNOSERVER_VERSION:-}
    if [[ -z $version && -x $ROOT/.venv/bin/python ]]; then
        # Client (the bot) and server must speak the same XML-RPC API: same version.
        version=$("$ROOT/.venv/bin/python" -c \
            'import importlib.metadata as m; print(m.version("unoserver"))' 2>/dev/null || true)
    fi
    say "installing unoserver${version:+ $version} in $VENV (from $PYTHON)"
    mkdir -p "$(dirname "$VENV")"
    "$PYTHON" -m venv --system-site-packages "$VENV" \
        || die "could not create the venv (Debian: apt-get install -y python3-venv)"
    "$VENV/bin/python" -m pip install --quiet "unoserver${version:+==$version}" >&2
    installed || die "unoserver installed in $VENV but 'import uno, unoserver' fails there"
}

# ---------------------------------------------------------------------------------------------

# Whether something accepts connections on host:port.
listening() {
    "$PYTHON" - "$1" "$2" <<'EOF'
import socket, sys
try:
    socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=1).close()
except OSError:
    sys.exit(1)
EOF
}

# Whether an unoserver answers on our port. The port opens before LibreOffice is connected:
# only an answer to info() means conversions can start.
answers() {
    "$PYTHON" - "$INTERFACE" "$PORT" <<'EOF' 2>/dev/null
import socket, sys, xmlrpc.client
socket.setdefaulttimeout(5)
host = f"[{sys.argv[1]}]" if ":" in sys.argv[1] else sys.argv[1]
info = xmlrpc.client.ServerProxy(f"http://{host}:{sys.argv[2]}").info()
sys.exit(0 if info.get("api") else 1)
EOF
}

our_pid() {
    local pid
    [[ -s $PIDFILE ]] || return 1
    pid=$(<"$PIDFILE")
    [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
    echo "$pid"
}

# The unoserver runs in its own session (setsid): its pid is also its process group, which
# holds LibreOffice too, so stopping it never leaves a soffice behind.
stop_group() {
    local pid=$1 i
    kill -TERM -- "-$pid" 2>/dev/null || true
    for i in $(seq 25); do
        kill -0 -- "-$pid" 2>/dev/null || break
        sleep 0.2
    done
    kill -KILL -- "-$pid" 2>/dev/null || true
    rm -f "$PIDFILE"
}

start() {
    install
    [[ -n $SOFFICE && -x $SOFFICE ]] || die "LibreOffice not found (apt-get install -y libreoffice-writer-nogui)"
    local pid
    if pid=$(our_pid); then
        if answers; then
            echo "$pid"
            return 0
        fi
        say "pid $pid does not answer on $INTERFACE:$PORT: restarting it"
        stop_group "$pid"
    fi
    rm -f "$PIDFILE"
    if listening "$INTERFACE" "$PORT"; then
        if answers; then
            say "an unoserver not started by this script answers on $INTERFACE:$PORT already"
            exit 3
        fi
        die "port $INTERFACE:$PORT is taken by another program (LIVRET_UNOSERVER_PORT=...)"
    fi
    listening 127.0.0.1 "$UNO_PORT" \
        && die "UNO port $UNO_PORT is taken (a leftover soffice?) (LIVRET_UNOSERVER_UNO_PORT=...)"

    mkdir -p "$PROFILE"
    say "starting unoserver on $INTERFACE:$PORT (UNO port $UNO_PORT), log $LOG"
    # In a session of its own (detached from the caller's terminal and signals), without the
    # lock's file descriptor; Python spawns it so that the pid printed is unoserver's.
    # shellcheck disable=SC2086  # LIVRET_UNOSERVER_ARGS is a list of words
    pid=$("$PYTHON" - "$LOG" "$VENV/bin/unoserver" \
        --interface "$INTERFACE" --port "$PORT" \
        --uno-interface 127.0.0.1 --uno-port "$UNO_PORT" \
        --executable "$SOFFICE" --user-installation "$PROFILE" \
        ${LIVRET_UNOSERVER_ARGS:-} <<'EOF'
import subprocess, sys
with open(sys.argv[1], "ab") as log:
    server = subprocess.Popen(
        sys.argv[2:], stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )
print(server.pid)
EOF
    )
    echo "$pid" >"$PIDFILE"

    local deadline=$((SECONDS + WAIT))
    until answers; do
        if ! kill -0 "$pid" 2>/dev/null; then
            rm -f "$PIDFILE"
            tail -n 20 "$LOG" >&2 || true
            die "unoserver exited before answering"
        fi
        if ((SECONDS >= deadline)); then
            tail -n 20 "$LOG" >&2 || true
            stop_group "$pid"
            die "unoserver did not answer within ${WAIT}s"
        fi
        sleep 0.5
    done
    say "ready after $((SECONDS + WAIT - deadline)) s, pid $pid"
    echo "$pid"
}

stop() {
    local pid
    if pid=$(our_pid); then
        stop_group "$pid"
        say "stopped pid $pid"
    else
        rm -f "$PIDFILE"
        say "not running"
    fi
}

status() {
    local pid
    if pid=$(our_pid) && answers; then
        echo "$pid"
    else
        say "not answering on $INTERFACE:$PORT"
        return 1
    fi
}

# ---------------------------------------------------------------------------------------------

command=${1:-start}
case $command in
    start | stop | status | install) ;;
    *) die "usage: $0 [start|stop|status|install]" ;;
esac
mkdir -p "$RUN"
# One start or stop at a time for this port (the benchmark and CI may race).
exec 9>"$RUN/unoserver-$PORT.lock"
flock -w $((WAIT + 30)) 9 || die "another unoserver.sh holds $RUN/unoserver-$PORT.lock"
"$command"
