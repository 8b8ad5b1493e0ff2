#!/usr/bin/env bash
# The demo federation on this machine: the four networks of the fixtures
# (cotech, de, nl, fr), each a coopfed server on a loopback port with its own
# SQLite database, filled from tests/fixtures/data and made partners of each
# other. Ctrl-C stops them all; run it again to start over.
#
#   scripts/demo.sh            # build, start, import, federate, then wait
#   FIXTURES=DIR scripts/demo.sh
#
# Development federation mode is on (plain HTTP, loopback peers): never
# expose these servers.
set -euo pipefail

cd "$(dirname "$0")/.."
FIXTURES=${FIXTURES:-tests/fixtures/data}
DATA=${DATA:-data/demo}
NETWORKS=(cotech de nl fr)
DOMAINS=(cotech.test techkollektiv.test nl.test fr.test)
LANGUAGES=(en de nl fr)
NAMES=("CoTech" "Techkollektiv" "Techcoöperaties NL" "Coopératives numériques")
FIRST_PORT=${FIRST_PORT:-8101}

if [ ! -d "$FIXTURES/members" ]; then
    echo "no fixtures at $FIXTURES (set FIXTURES=DIR)" >&2
    exit 2
fi

command -v curl >/dev/null || { echo "the demo needs curl" >&2; exit 2; }

echo "==> building"
cargo build --quiet --bin coopfed
BIN="${CARGO_TARGET_DIR:-target}/debug/coopfed"

rm -rf "$DATA"
mkdir -p "$DATA"
resolve=""
for i in "${!NETWORKS[@]}"; do
    resolve+="${resolve:+,}${DOMAINS[$i]}=127.0.0.1:$((FIRST_PORT + i))"
done
export COOPFED_DEV_FEDERATION=1
export COOPFED_FEDERATION_RESOLVE="$resolve"
# The fixtures are written for this day (expired offers, coming events).
export COOPFED_TODAY=2026-11-23

# Sets the environment of network number $1.
network_env() {
    export COOPFED_DOMAIN="${DOMAINS[$1]}" COOPFED_NETWORK="${NETWORKS[$1]}" \
        COOPFED_LANGUAGE="${LANGUAGES[$1]}" COOPFED_NETWORK_NAME="${NAMES[$1]}" COOPFED_BIND="127.0.0.1:$((FIRST_PORT + $1))" \
        COOPFED_DATABASE_URL="sqlite://$DATA/${NETWORKS[$1]}.db"
}

# Runs coopfed for network number $1 with the remaining arguments.
run() {
    (
        network_env "$1"
        shift
        exec "$BIN" "$@"
    )
}

# A command of network number $1, quietly (warnings and errors only).
cli() {
    COOPFED_LOG="${COOPFED_LOG:-warn}" run "$@"
}

pids=()
stop() {
    if [ "${#pids[@]}" -gt 0 ]; then
        kill "${pids[@]}" 2>/dev/null || true
        wait "${pids[@]}" 2>/dev/null || true
    fi
}
trap stop EXIT
trap 'exit 130' INT TERM

echo "==> starting ${NETWORKS[*]}"
for i in "${!NETWORKS[@]}"; do
    # The background job's subshell becomes the server (exec), so that
    # stopping the job stops the server.
    ( network_env "$i" && exec "$BIN" serve ) >"$DATA/${NETWORKS[$i]}.log" 2>&1 &
    pids+=($!)
done
for i in "${!NETWORKS[@]}"; do
    port=$((FIRST_PORT + i))
    ready=no
    for _ in $(seq 1 100); do
        if ! kill -0 "${pids[$i]}" 2>/dev/null; then
            break
        fi
        if curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; then
            ready=yes
            break
        fi
        sleep 0.2
    done
    # Still running after answering: not another program on the same port.
    if [ "$ready" != yes ] || ! kill -0 "${pids[$i]}" 2>/dev/null; then
        echo "${NETWORKS[$i]} did not start on port $port; see $DATA/${NETWORKS[$i]}.log" >&2
        exit 1
    fi
done

echo "==> importing the fixtures"
for i in "${!NETWORKS[@]}"; do
    for kind in members jobs announcements; do
        cli "$i" import "$kind" "$FIXTURES/$kind/${NETWORKS[$i]}.yaml" | tail -n 1
    done
done

echo "==> making every network a partner of every other"
for i in "${!NETWORKS[@]}"; do
    for j in "${!NETWORKS[@]}"; do
        [ "$i" = "$j" ] || cli "$i" follow "@${NETWORKS[$j]}@${DOMAINS[$j]}" >/dev/null
    done
done
want=$(( (${#NETWORKS[@]} - 1) * 2 ))
for i in "${!NETWORKS[@]}"; do
    partners=0
    for _ in $(seq 1 150); do
        partners=$(cli "$i" follows | grep -c ' yes' || true)
        [ "$partners" -ge "$want" ] && break
        sleep 0.2
    done
    if [ "$partners" -lt "$want" ]; then
        echo "warning: ${NETWORKS[$i]} has $((partners / 2)) of $((want / 2)) partners so far; see $DATA/${NETWORKS[$i]}.log" >&2
    fi
done

echo
for i in "${!NETWORKS[@]}"; do
    base="http://127.0.0.1:$((FIRST_PORT + i))"
    echo "${NAMES[$i]}: $base  (job board: $base/jobs, directory: $base/members, API: $base/api/v1/openapi.json)"
done
echo
echo "One-time login links (each works once, for 24 hours):"
for i in "${!NETWORKS[@]}"; do
    base="http://127.0.0.1:$((FIRST_PORT + i))"
    admin=$(grep -o 'login/once?token=[A-Za-z0-9_-]*' "$DATA/${NETWORKS[$i]}.log" | head -n 1)
    coop=$(cli "$i" members list | awk 'NR == 2 { print $1 }')
    editor=$(cli "$i" admin create-user editor --member "$coop" | grep -o 'login/once?token=[A-Za-z0-9_-]*')
    echo "  ${NAMES[$i]}: admin $base/$admin"
    echo "  ${NAMES[$i]}: editor of $coop $base/$editor"
done
echo "The API token of each network's admin is in $DATA/<network>.log."
echo "Partners' co-ops, offers and events arrive within seconds. Ctrl-C stops everything."
wait
