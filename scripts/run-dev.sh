#!/usr/bin/env bash
# Run the web server and a Celery worker with beat together; Ctrl-C stops them all.
set -euo pipefail
cd "$(dirname "$0")/.."

stop_all() {
    trap - INT TERM EXIT
    echo "Stopping Keywork..."
    kill -TERM "${pids[@]}" 2>/dev/null || true
    wait 2>/dev/null || true
}
trap stop_all INT TERM EXIT

pids=()
.venv/bin/celery -A config worker --beat --pool=solo --loglevel=INFO &
pids+=($!)
.venv/bin/python manage.py runserver 127.0.0.1:8000 &
pids+=($!)

echo "Keywork is running on http://127.0.0.1:8000/ (Ctrl-C to stop)."
# Stop everything as soon as either process exits.
wait -n
