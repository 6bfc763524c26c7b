#!/usr/bin/env bash
# Replays a stream of lifecycle events into the locally running activity service.
#
#   scripts/replay-events.sh [FILE]          FILE defaults to samples/events/demo-stream.jsonl
#
# Each line of FILE is {"message_id": "...", "note": "...", "body": {...a §6 message...}}. The body is
# posted to $BASE_URL/api/dev/events with the line's message_id as X-Message-Id (local mode only; see
# docs/events.md). Environment:
#   BASE_URL    the app, default http://127.0.0.1:7071 (./run.sh)
#   ID_PREFIX   prepended to every message id, e.g. ID_PREFIX=run2- to replay the stream as new
#               messages (without it, a second replay is all duplicates and changes nothing)
#
# Needs: bash, curl, python3.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BASE_URL=${BASE_URL:-http://127.0.0.1:7071}
BASE_URL=${BASE_URL%/}
ID_PREFIX=${ID_PREFIX:-}
FILE=${1:-$ROOT/samples/events/demo-stream.jsonl}
MAX_QUEUE_FULL_RETRIES=20

fail() {
  printf 'replay-events.sh: %s\n' "$*" >&2
  exit 1
}

command -v curl >/dev/null || fail "curl not found."
command -v python3 >/dev/null || fail "python3 not found."
[[ -f "$FILE" ]] || fail "no such file: $FILE"

# Is the app there at all?
health=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 5 "$BASE_URL/api/health" 2>/dev/null) || health=000
if [[ "$health" != 200 ]]; then
  fail "the activity service is not reachable at $BASE_URL (GET /api/health gave ${health/#000/no answer}).
  Start it with ./run.sh (or set BASE_URL to where it runs), then try again."
fi

# Split the file into "message_id<US>note<US>compact body" records; US (0x1f) never occurs in
# compact JSON, so bodies are passed on byte for byte as python serialized them.
records=$(
  python3 - "$FILE" "$ID_PREFIX" <<'PY'
import json, sys

path, prefix = sys.argv[1], sys.argv[2]
problems = []
with open(path, encoding="utf-8") as stream:
    for number, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(f"line {number}: not JSON ({error})")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("message_id"), str) or "body" not in record:
            problems.append(f'line {number}: needs "message_id" (string) and "body"')
            continue
        note = " ".join(str(record.get("note", "")).split())
        body = json.dumps(record["body"], ensure_ascii=True, separators=(",", ":"))
        print(f"{prefix}{record['message_id']}\x1f{note}\x1f{body}")
if problems:
    sys.exit("\n".join(problems))
PY
) || fail "cannot read $FILE (see above)."

count=0
failed=0
echo "Replaying $(wc -l <<<"$records" | tr -d ' ') messages from ${FILE#"$ROOT"/} to $BASE_URL/api/dev/events"
while IFS=$'\x1f' read -r message_id note body; do
  count=$((count + 1))
  for ((attempt = 1; ; attempt++)); do
    status=$(printf '%s' "$body" | curl -sS -o /dev/null -w '%{http_code}' --max-time 10 \
      -X POST "$BASE_URL/api/dev/events" \
      -H 'Content-Type: application/json' \
      -H "X-Message-Id: $message_id" \
      --data-binary @- 2>/dev/null) || status=000
    # 503: the local queue is full; it asks for a retry after a second.
    if [[ "$status" == 503 ]] && ((attempt < MAX_QUEUE_FULL_RETRIES)); then
      sleep 1
      continue
    fi
    break
  done

  printf '%3d  %s  %-12s %s\n' "$count" "$status" "$message_id" "${note:0:110}"
  case "$status" in
    202) ;;
    404) fail "POST /api/dev/events answered 404: the dev endpoints exist only when the app runs standalone (./run.sh)." ;;
    000) fail "lost the connection to $BASE_URL while posting $message_id." ;;
    *) failed=$((failed + 1)) ;;
  esac
done <<<"$records"

echo
if ((failed > 0)); then
  echo "$failed of $count messages were not accepted (status above)." >&2
fi
echo "Accepted messages are processed asynchronously; give the queue a second or two, then look:"
cat <<EOF

  # an admin token for tenant acme (use "globex" to see the other tenant)
  TOKEN=\$(curl -s -X POST $BASE_URL/api/dev/token -H 'Content-Type: application/json' \\
    -d '{"company_id":"acme","user_id":"admin1","role":"admin"}' \\
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')

  # the activities the events created and changed
  curl -s "$BASE_URL/api/activities?limit=100&sort=asc" -H "Authorization: Bearer \$TOKEN" | python3 -m json.tool

  # the history of one of them (id from the list above)
  curl -s "$BASE_URL/api/activities/<id>/history" -H "Authorization: Bearer \$TOKEN" | python3 -m json.tool

  # poison messages of the tenant, with reason and raw body
  curl -s "$BASE_URL/api/rejected-events" -H "Authorization: Bearer \$TOKEN" | python3 -m json.tool

  # messages that used up their deliveries (transient failures only; normally empty)
  curl -s "$BASE_URL/api/dev/dead-letters" | python3 -m json.tool
EOF
((failed == 0))
