#!/bin/sh
# One-shot, as the super user `admin`: a SCRAM-SHA-512 user per agency of
# RUJUKAN_AGENCIES (its password from the secret /run/secrets/kafka-<agency-id>), then
# the ACLs of acls.sh (`rujukan acls --district kapuas-hulu`). Running it again resets
# the passwords to the secrets and adds no rule twice.
set -eu
bin=/opt/kafka/bin
admin_config=$(mktemp)
trap 'rm -f "$admin_config"' EXIT
cat > "$admin_config" <<PROPERTIES
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$(cat /run/secrets/kafka-admin)";
PROPERTIES

for agency in ${RUJUKAN_AGENCIES:?}; do
  "$bin/kafka-configs.sh" --bootstrap-server "${KAFKA_BOOTSTRAP:?}" \
    --command-config "$admin_config" --alter --entity-type users --entity-name "$agency" \
    --add-config "SCRAM-SHA-512=[password=$(cat "/run/secrets/kafka-$agency")]"
done

KAFKA_ADMIN_CONFIG="$admin_config" KAFKA_ACLS="$bin/kafka-acls.sh" \
  sh /etc/rujukan/kafka/acls.sh
