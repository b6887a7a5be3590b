#!/bin/sh
# Starts the broker: formats its storage on the first start, with the SCRAM credential of
# the super user `admin` (the only user that can exist before the broker runs), then runs
# Kafka with server.properties. Later starts find the storage formatted and keep it.
set -eu
config=/etc/rujukan/kafka/server.properties
password=$(cat /run/secrets/kafka-admin)
/opt/kafka/bin/kafka-storage.sh format --ignore-formatted \
  --cluster-id "${CLUSTER_ID:?}" --config "$config" \
  --add-scram "SCRAM-SHA-512=[name=admin,password=$password]"
exec /opt/kafka/bin/kafka-server-start.sh "$config"
