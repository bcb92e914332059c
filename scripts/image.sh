#!/bin/sh
# The production image's own commands, called by the Dockerfile, docker-compose.yml
# and tests/config/test_image.py alike, so CI runs what the image runs.
#   scripts/image.sh build   collect static files with the production storage
#   scripts/image.sh web     migrate, then serve with gunicorn on $PORT (8000)
set -eu
cd "$(dirname "$0")/.."

case "${1:-}" in
build)
    # DEBUG=false selects the manifest storage: hashed names, and the manifest
    # that every DEBUG=false page looks its static files up in (without it, every
    # page answers 500). Settings need a secret and a site to load; collectstatic
    # uses neither, so build-time placeholders are harmless and never served.
    DEBUG=false \
        SECRET_KEY="${SECRET_KEY:-collectstatic-only-placeholder-never-used-to-sign}" \
        SITE_URL="${SITE_URL:-https://build.invalid}" \
        DATABASE_URL="${DATABASE_URL:-sqlite://:memory:}" \
        python manage.py collectstatic --noinput -v0
    ;;
web)
    python manage.py migrate --noinput
    python manage.py createcachetable
    # Behind the proxy in docker-compose.yml (TLS, body cap): see README
    # "Production". 30 s is also the longest any request may take.
    exec gunicorn config.wsgi \
        --bind "${BIND:-0.0.0.0}:${PORT:-8000}" \
        --workers "${WEB_CONCURRENCY:-3}" \
        --timeout 30 \
        --access-logfile -
    ;;
*)
    echo "usage: $0 build|web" >&2
    exit 64
    ;;
esac
