#!/bin/sh
# Creates the Kafka passwords of the compose network in compose/secrets/ (never
# committed): one for the super user `admin` and one per agency service. Existing
# files are kept, so running it again changes nothing.
set -eu
cd "$(dirname "$0")"
umask 077
mkdir -p secrets
chmod 700 secrets
for name in admin kh-hub kh-rsud kh-dinsos kh-polres; do
  file="secrets/kafka-$name.password"
  if [ ! -f "$file" ]; then
    LC_ALL=C tr -dc 'A-Za-z0-9' </dev/urandom | head -c 32 >"$file"
    # readable by the containers' users; the folder keeps other host users out
    chmod 644 "$file"
  fi
done
echo "secrets in $(pwd)/secrets"
