#!/bin/sh
# Starts the broker: formats its storage on the first start, with the SCRAM credential of
# the super user `admin` (the only user that can exist before the broker runs), then runs
# Kafka with server.properties. Later starts find the storage formatted and keep it.
#
# The environment overrides server.properties (the last value of a key wins):
#   KAFKA_LOG_DIRS                   where the data lives (a volume: it must survive)
#   KAFKA_REPLICATION_FACTOR         default replicas of topics and of Kafka's own topics
#   KAFKA_MIN_INSYNC_REPLICAS        replicas that must have a record before acks=all
#                                    answers (2 of 3 on a cluster: one broker may fail)
#   KAFKA_NODE_ID, KAFKA_CONTROLLER_QUORUM_VOTERS, KAFKA_CLIENT_HOST, KAFKA_INTERNAL_HOST
#                                    one node of a cluster: its id, the controllers, the
#                                    name clients reach it by, and its name on the
#                                    brokers' internal network (inter-broker and
#                                    controller traffic, which no agency can reach)
set -eu
config=/tmp/server.properties
cp /etc/rujukan/kafka/server.properties "$config"
override() {
  if [ -n "$2" ]; then
    echo "$1=$2" >>"$config"
  fi
}
override log.dirs "${KAFKA_LOG_DIRS:-}"
override default.replication.factor "${KAFKA_REPLICATION_FACTOR:-}"
override offsets.topic.replication.factor "${KAFKA_REPLICATION_FACTOR:-}"
override transaction.state.log.replication.factor "${KAFKA_REPLICATION_FACTOR:-}"
override min.insync.replicas "${KAFKA_MIN_INSYNC_REPLICAS:-}"
override transaction.state.log.min.isr "${KAFKA_MIN_INSYNC_REPLICAS:-}"
if [ -n "${KAFKA_NODE_ID:-}" ]; then
  internal=${KAFKA_INTERNAL_HOST:?}
  override node.id "$KAFKA_NODE_ID"
  override controller.quorum.voters "${KAFKA_CONTROLLER_QUORUM_VOTERS:?}"
  override listeners "CLIENT://:9092,BROKER://$internal:9091,CONTROLLER://$internal:9093"
  override advertised.listeners "CLIENT://${KAFKA_CLIENT_HOST:?}:9092,BROKER://$internal:9091"
fi
password=$(cat /run/secrets/kafka-admin)
/opt/kafka/bin/kafka-storage.sh format --ignore-formatted \
  --cluster-id "${CLUSTER_ID:?}" --config "$config" \
  --add-scram "SCRAM-SHA-512=[name=admin,password=$password]"
exec /opt/kafka/bin/kafka-server-start.sh "$config"
