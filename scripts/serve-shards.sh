#!/usr/bin/env bash
# Serves every shard of a sharded news database (news-index --shards N) with a stock
# xapian-tcpsrv, one server per shard on consecutive ports, and writes a stub file that names
# them, so that searches on any machine that can reach them read them as one database:
#
#   scripts/serve-shards.sh DB [--port FIRST] [--interface ADDRESS] [--stub FILE]
#   news-search --db FILE 'ATACMS range'          (or --db tcp://HOST:PORT once per shard)
#
# Binds 127.0.0.1 unless --interface says otherwise. xapian-tcpsrv has no authentication and
# no encryption: anyone who can reach a port can read the whole shard. To serve other machines,
# keep the ports on a private network, or bind 127.0.0.1 and reach them through SSH tunnels
# (ssh -N -L 7001:127.0.0.1:7001 host). Runs in the foreground; Ctrl-C (or SIGTERM) stops every
# server. Exit 0 when stopped, 2 for bad arguments, 1 when a server does not start.
set -euo pipefail

usage() { sed -n '2,13p' "$0"; }
db=
port=7001
interface=127.0.0.1
stub=
while [[ $# -gt 0 ]]; do
    case "$1" in
    --port) port=$2; shift 2 ;;
    --interface) interface=$2; shift 2 ;;
    --stub) stub=$2; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    -*) echo "serve-shards: unknown option $1" >&2; exit 2 ;;
    *) [[ -z $db ]] || { echo "serve-shards: one database only" >&2; exit 2; }; db=$1; shift ;;
    esac
done
[[ -n $db ]] || { usage >&2; exit 2; }
[[ -f $db/XAPIANDB ]] || {
    echo "serve-shards: $db is not a sharded database (no $db/XAPIANDB); build one with" \
        "news-index --db $db --shards N" >&2
    exit 2
}
command -v xapian-tcpsrv >/dev/null || {
    echo "serve-shards: xapian-tcpsrv not found (Debian package xapian-tools)" >&2
    exit 2
}
[[ $port =~ ^[0-9]+$ ]] && ((port > 0 && port < 65536)) || {
    echo "serve-shards: --port must be a port number" >&2
    exit 2
}
stub=${stub:-$db.remote}
host=$interface
[[ $host == 0.0.0.0 ]] && host=$(hostname -f)

shards=()
while read -r kind path _; do
    [[ -z $kind || $kind == \#* ]] && continue
    [[ $kind == auto || $kind == glass ]] || {
        echo "serve-shards: $db/XAPIANDB lists a $kind database: only local shards are served" >&2
        exit 2
    }
    [[ $path == /* ]] || path=$db/$path
    shards+=("$path")
done <"$db/XAPIANDB"

pids=()
stop() {
    # SIGKILL to each server's own process group (setsid below), which holds the server and the
    # children it forks per connection: xapian-tcpsrv answers SIGTERM by signalling its whole
    # process group, which must not be ours. Then wait, so that no port is open once we exit.
    for pid in "${pids[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    pids=()
}
trap 'stop; exit 0' INT TERM
trap stop EXIT

: >"$stub.tmp"
for i in "${!shards[@]}"; do
    p=$((port + i))
    setsid xapian-tcpsrv --quiet --interface "$interface" --port "$p" "${shards[$i]}" &
    pids+=($!)
    echo "remote $host:$p" >>"$stub.tmp"
done
# Ready when every port answers (10 s at most).
for i in "${!shards[@]}"; do
    p=$((port + i))
    for _ in $(seq 100); do
        (exec 3<>"/dev/tcp/$interface/$p") 2>/dev/null && break
        kill -0 "${pids[$i]}" 2>/dev/null || break
        sleep 0.1
    done
    (exec 3<>"/dev/tcp/$interface/$p") 2>/dev/null || {
        echo "serve-shards: the server of ${shards[$i]} did not start on port $p" >&2
        rm -f "$stub.tmp"
        exit 1
    }
done
mv "$stub.tmp" "$stub"
echo "serve-shards: ${#shards[@]} shards of $db on $interface:$port-$((port + ${#shards[@]} - 1));" \
    "search them with: news-search --db $stub QUERY"
wait
