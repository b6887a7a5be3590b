#!/bin/sh
# Kafka ACLs of the Rujukan network, generated from the agency directory and the
# district matrices by `rujukan acls --district kapuas-hulu`: regenerate, do not edit.
# Needs KAFKA_BOOTSTRAP (host:port) and KAFKA_ADMIN_CONFIG (client properties of a
# super user); KAFKA_ACLS names the tool (default: kafka-acls.sh on the PATH).
set -eu

acl() {
  "${KAFKA_ACLS:-kafka-acls.sh}" --bootstrap-server "${KAFKA_BOOTSTRAP:?}" \
    --command-config "${KAFKA_ADMIN_CONFIG:?}" --add "$@"
}

acl --allow-principal User:kh-hub --operation Read \
  --topic rujukan.inbox.kh-hub \
  --topic rujukan.broker.incarnation
acl --allow-principal User:kh-hub --operation Read \
  --group rujukan.kh-hub
acl --allow-principal User:kh-hub --operation Write \
  --topic rujukan.dlq.kh-hub \
  --topic rujukan.inbox.kh-bagian-hukum \
  --topic rujukan.inbox.kh-dinsos \
  --topic rujukan.inbox.kh-imigrasi \
  --topic rujukan.inbox.kh-polres \
  --topic rujukan.inbox.kh-puskesmas-badau \
  --topic rujukan.inbox.kh-puskesmas-batang-lupar \
  --topic rujukan.inbox.kh-puskesmas-bika \
  --topic rujukan.inbox.kh-puskesmas-boyan-tanjung \
  --topic rujukan.inbox.kh-puskesmas-bunut-hilir \
  --topic rujukan.inbox.kh-puskesmas-bunut-hulu \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hilir \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hulu \
  --topic rujukan.inbox.kh-puskesmas-empanang \
  --topic rujukan.inbox.kh-puskesmas-hulu-gurung \
  --topic rujukan.inbox.kh-puskesmas-jongkong \
  --topic rujukan.inbox.kh-puskesmas-kalis \
  --topic rujukan.inbox.kh-puskesmas-mentebah \
  --topic rujukan.inbox.kh-puskesmas-pengkadan \
  --topic rujukan.inbox.kh-puskesmas-puring-kencana \
  --topic rujukan.inbox.kh-puskesmas-putussibau-selatan \
  --topic rujukan.inbox.kh-puskesmas-putussibau-utara \
  --topic rujukan.inbox.kh-puskesmas-seberuang \
  --topic rujukan.inbox.kh-puskesmas-selimbau \
  --topic rujukan.inbox.kh-puskesmas-semitau \
  --topic rujukan.inbox.kh-puskesmas-silat-hilir \
  --topic rujukan.inbox.kh-puskesmas-silat-hulu \
  --topic rujukan.inbox.kh-puskesmas-suhaid \
  --topic rujukan.inbox.kh-rsud \
  --topic rujukan.inbox.kh-satpol-pp \
  --topic rujukan.journal.kh-hub
acl --allow-principal User:kh-hub --operation Describe \
  --resource-pattern-type prefixed \
  --topic rujukan.
acl --allow-principal User:kh-dinsos --operation Read \
  --topic rujukan.inbox.kh-dinsos \
  --topic rujukan.broker.incarnation
acl --allow-principal User:kh-dinsos --operation Read \
  --group rujukan.kh-dinsos
acl --allow-principal User:kh-dinsos --operation Write \
  --topic rujukan.dlq.kh-dinsos \
  --topic rujukan.inbox.kh-bagian-hukum \
  --topic rujukan.inbox.kh-disdikbud \
  --topic rujukan.inbox.kh-hub \
  --topic rujukan.inbox.kh-imigrasi \
  --topic rujukan.inbox.kh-polres \
  --topic rujukan.inbox.kh-puskesmas-badau \
  --topic rujukan.inbox.kh-puskesmas-batang-lupar \
  --topic rujukan.inbox.kh-puskesmas-bika \
  --topic rujukan.inbox.kh-puskesmas-boyan-tanjung \
  --topic rujukan.inbox.kh-puskesmas-bunut-hilir \
  --topic rujukan.inbox.kh-puskesmas-bunut-hulu \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hilir \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hulu \
  --topic rujukan.inbox.kh-puskesmas-empanang \
  --topic rujukan.inbox.kh-puskesmas-hulu-gurung \
  --topic rujukan.inbox.kh-puskesmas-jongkong \
  --topic rujukan.inbox.kh-puskesmas-kalis \
  --topic rujukan.inbox.kh-puskesmas-mentebah \
  --topic rujukan.inbox.kh-puskesmas-pengkadan \
  --topic rujukan.inbox.kh-puskesmas-puring-kencana \
  --topic rujukan.inbox.kh-puskesmas-putussibau-selatan \
  --topic rujukan.inbox.kh-puskesmas-putussibau-utara \
  --topic rujukan.inbox.kh-puskesmas-seberuang \
  --topic rujukan.inbox.kh-puskesmas-selimbau \
  --topic rujukan.inbox.kh-puskesmas-semitau \
  --topic rujukan.inbox.kh-puskesmas-silat-hilir \
  --topic rujukan.inbox.kh-puskesmas-silat-hulu \
  --topic rujukan.inbox.kh-puskesmas-suhaid \
  --topic rujukan.inbox.kh-rsud \
  --topic rujukan.inbox.kh-satpol-pp
acl --allow-principal User:kh-dinsos --operation Describe \
  --resource-pattern-type prefixed \
  --topic rujukan.
acl --allow-principal User:kh-polres --operation Read \
  --topic rujukan.inbox.kh-polres \
  --topic rujukan.broker.incarnation
acl --allow-principal User:kh-polres --operation Read \
  --group rujukan.kh-polres
acl --allow-principal User:kh-polres --operation Write \
  --topic rujukan.dlq.kh-polres \
  --topic rujukan.inbox.kh-bagian-hukum \
  --topic rujukan.inbox.kh-dinsos \
  --topic rujukan.inbox.kh-disdikbud \
  --topic rujukan.inbox.kh-hub \
  --topic rujukan.inbox.kh-imigrasi \
  --topic rujukan.inbox.kh-puskesmas-badau \
  --topic rujukan.inbox.kh-puskesmas-batang-lupar \
  --topic rujukan.inbox.kh-puskesmas-bika \
  --topic rujukan.inbox.kh-puskesmas-boyan-tanjung \
  --topic rujukan.inbox.kh-puskesmas-bunut-hilir \
  --topic rujukan.inbox.kh-puskesmas-bunut-hulu \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hilir \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hulu \
  --topic rujukan.inbox.kh-puskesmas-empanang \
  --topic rujukan.inbox.kh-puskesmas-hulu-gurung \
  --topic rujukan.inbox.kh-puskesmas-jongkong \
  --topic rujukan.inbox.kh-puskesmas-kalis \
  --topic rujukan.inbox.kh-puskesmas-mentebah \
  --topic rujukan.inbox.kh-puskesmas-pengkadan \
  --topic rujukan.inbox.kh-puskesmas-puring-kencana \
  --topic rujukan.inbox.kh-puskesmas-putussibau-selatan \
  --topic rujukan.inbox.kh-puskesmas-putussibau-utara \
  --topic rujukan.inbox.kh-puskesmas-seberuang \
  --topic rujukan.inbox.kh-puskesmas-selimbau \
  --topic rujukan.inbox.kh-puskesmas-semitau \
  --topic rujukan.inbox.kh-puskesmas-silat-hilir \
  --topic rujukan.inbox.kh-puskesmas-silat-hulu \
  --topic rujukan.inbox.kh-puskesmas-suhaid \
  --topic rujukan.inbox.kh-rsud \
  --topic rujukan.inbox.kh-satpol-pp
acl --allow-principal User:kh-polres --operation Describe \
  --resource-pattern-type prefixed \
  --topic rujukan.
acl --allow-principal User:kh-satpol-pp --operation Read \
  --topic rujukan.inbox.kh-satpol-pp \
  --topic rujukan.broker.incarnation
acl --allow-principal User:kh-satpol-pp --operation Read \
  --group rujukan.kh-satpol-pp
acl --allow-principal User:kh-satpol-pp --operation Write \
  --topic rujukan.dlq.kh-satpol-pp \
  --topic rujukan.inbox.kh-bagian-hukum \
  --topic rujukan.inbox.kh-dinsos \
  --topic rujukan.inbox.kh-disdikbud \
  --topic rujukan.inbox.kh-hub \
  --topic rujukan.inbox.kh-imigrasi \
  --topic rujukan.inbox.kh-polres \
  --topic rujukan.inbox.kh-puskesmas-badau \
  --topic rujukan.inbox.kh-puskesmas-batang-lupar \
  --topic rujukan.inbox.kh-puskesmas-bika \
  --topic rujukan.inbox.kh-puskesmas-boyan-tanjung \
  --topic rujukan.inbox.kh-puskesmas-bunut-hilir \
  --topic rujukan.inbox.kh-puskesmas-bunut-hulu \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hilir \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hulu \
  --topic rujukan.inbox.kh-puskesmas-empanang \
  --topic rujukan.inbox.kh-puskesmas-hulu-gurung \
  --topic rujukan.inbox.kh-puskesmas-jongkong \
  --topic rujukan.inbox.kh-puskesmas-kalis \
  --topic rujukan.inbox.kh-puskesmas-mentebah \
  --topic rujukan.inbox.kh-puskesmas-pengkadan \
  --topic rujukan.inbox.kh-puskesmas-puring-kencana \
  --topic rujukan.inbox.kh-puskesmas-putussibau-selatan \
  --topic rujukan.inbox.kh-puskesmas-putussibau-utara \
  --topic rujukan.inbox.kh-puskesmas-seberuang \
  --topic rujukan.inbox.kh-puskesmas-selimbau \
  --topic rujukan.inbox.kh-puskesmas-semitau \
  --topic rujukan.inbox.kh-puskesmas-silat-hilir \
  --topic rujukan.inbox.kh-puskesmas-silat-hulu \
  --topic rujukan.inbox.kh-puskesmas-suhaid \
  --topic rujukan.inbox.kh-rsud
acl --allow-principal User:kh-satpol-pp --operation Describe \
  --resource-pattern-type prefixed \
  --topic rujukan.
acl --allow-principal User:kh-bagian-hukum --operation Read \
  --topic rujukan.inbox.kh-bagian-hukum \
  --topic rujukan.broker.incarnation
acl --allow-principal User:kh-bagian-hukum --operation Read \
  --group rujukan.kh-bagian-hukum
acl --allow-principal User:kh-bagian-hukum --operation Write \
  --topic rujukan.dlq.kh-bagian-hukum \
  --topic rujukan.inbox.kh-dinsos \
  --topic rujukan.inbox.kh-disdikbud \
  --topic rujukan.inbox.kh-hub \
  --topic rujukan.inbox.kh-imigrasi \
  --topic rujukan.inbox.kh-polres \
  --topic rujukan.inbox.kh-puskesmas-badau \
  --topic rujukan.inbox.kh-puskesmas-batang-lupar \
  --topic rujukan.inbox.kh-puskesmas-bika \
  --topic rujukan.inbox.kh-puskesmas-boyan-tanjung \
  --topic rujukan.inbox.kh-puskesmas-bunut-hilir \
  --topic rujukan.inbox.kh-puskesmas-bunut-hulu \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hilir \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hulu \
  --topic rujukan.inbox.kh-puskesmas-empanang \
  --topic rujukan.inbox.kh-puskesmas-hulu-gurung \
  --topic rujukan.inbox.kh-puskesmas-jongkong \
  --topic rujukan.inbox.kh-puskesmas-kalis \
  --topic rujukan.inbox.kh-puskesmas-mentebah \
  --topic rujukan.inbox.kh-puskesmas-pengkadan \
  --topic rujukan.inbox.kh-puskesmas-puring-kencana \
  --topic rujukan.inbox.kh-puskesmas-putussibau-selatan \
  --topic rujukan.inbox.kh-puskesmas-putussibau-utara \
  --topic rujukan.inbox.kh-puskesmas-seberuang \
  --topic rujukan.inbox.kh-puskesmas-selimbau \
  --topic rujukan.inbox.kh-puskesmas-semitau \
  --topic rujukan.inbox.kh-puskesmas-silat-hilir \
  --topic rujukan.inbox.kh-puskesmas-silat-hulu \
  --topic rujukan.inbox.kh-puskesmas-suhaid \
  --topic rujukan.inbox.kh-rsud \
  --topic rujukan.inbox.kh-satpol-pp
acl --allow-principal User:kh-bagian-hukum --operation Describe \
  --resource-pattern-type prefixed \
  --topic rujukan.
acl --allow-principal User:kh-imigrasi --operation Read \
  --topic rujukan.inbox.kh-imigrasi \
  --topic rujukan.broker.incarnation
acl --allow-principal User:kh-imigrasi --operation Read \
  --group rujukan.kh-imigrasi
acl --allow-principal User:kh-imigrasi --operation Write \
  --topic rujukan.dlq.kh-imigrasi \
  --topic rujukan.inbox.kh-bagian-hukum \
  --topic rujukan.inbox.kh-dinsos \
  --topic rujukan.inbox.kh-disdikbud \
  --topic rujukan.inbox.kh-hub \
  --topic rujukan.inbox.kh-polres \
  --topic rujukan.inbox.kh-puskesmas-badau \
  --topic rujukan.inbox.kh-puskesmas-batang-lupar \
  --topic rujukan.inbox.kh-puskesmas-bika \
  --topic rujukan.inbox.kh-puskesmas-boyan-tanjung \
  --topic rujukan.inbox.kh-puskesmas-bunut-hilir \
  --topic rujukan.inbox.kh-puskesmas-bunut-hulu \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hilir \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hulu \
  --topic rujukan.inbox.kh-puskesmas-empanang \
  --topic rujukan.inbox.kh-puskesmas-hulu-gurung \
  --topic rujukan.inbox.kh-puskesmas-jongkong \
  --topic rujukan.inbox.kh-puskesmas-kalis \
  --topic rujukan.inbox.kh-puskesmas-mentebah \
  --topic rujukan.inbox.kh-puskesmas-pengkadan \
  --topic rujukan.inbox.kh-puskesmas-puring-kencana \
  --topic rujukan.inbox.kh-puskesmas-putussibau-selatan \
  --topic rujukan.inbox.kh-puskesmas-putussibau-utara \
  --topic rujukan.inbox.kh-puskesmas-seberuang \
  --topic rujukan.inbox.kh-puskesmas-selimbau \
  --topic rujukan.inbox.kh-puskesmas-semitau \
  --topic rujukan.inbox.kh-puskesmas-silat-hilir \
  --topic rujukan.inbox.kh-puskesmas-silat-hulu \
  --topic rujukan.inbox.kh-puskesmas-suhaid \
  --topic rujukan.inbox.kh-rsud \
  --topic rujukan.inbox.kh-satpol-pp
acl --allow-principal User:kh-imigrasi --operation Describe \
  --resource-pattern-type prefixed \
  --topic rujukan.
acl --allow-principal User:kh-rsud --operation Read \
  --topic rujukan.inbox.kh-rsud \
  --topic rujukan.broker.incarnation
acl --allow-principal User:kh-rsud --operation Read \
  --group rujukan.kh-rsud
acl --allow-principal User:kh-rsud --operation Write \
  --topic rujukan.dlq.kh-rsud \
  --topic rujukan.inbox.kh-bagian-hukum \
  --topic rujukan.inbox.kh-dinsos \
  --topic rujukan.inbox.kh-disdikbud \
  --topic rujukan.inbox.kh-hub \
  --topic rujukan.inbox.kh-imigrasi \
  --topic rujukan.inbox.kh-polres \
  --topic rujukan.inbox.kh-puskesmas-badau \
  --topic rujukan.inbox.kh-puskesmas-batang-lupar \
  --topic rujukan.inbox.kh-puskesmas-bika \
  --topic rujukan.inbox.kh-puskesmas-boyan-tanjung \
  --topic rujukan.inbox.kh-puskesmas-bunut-hilir \
  --topic rujukan.inbox.kh-puskesmas-bunut-hulu \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hilir \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hulu \
  --topic rujukan.inbox.kh-puskesmas-empanang \
  --topic rujukan.inbox.kh-puskesmas-hulu-gurung \
  --topic rujukan.inbox.kh-puskesmas-jongkong \
  --topic rujukan.inbox.kh-puskesmas-kalis \
  --topic rujukan.inbox.kh-puskesmas-mentebah \
  --topic rujukan.inbox.kh-puskesmas-pengkadan \
  --topic rujukan.inbox.kh-puskesmas-puring-kencana \
  --topic rujukan.inbox.kh-puskesmas-putussibau-selatan \
  --topic rujukan.inbox.kh-puskesmas-putussibau-utara \
  --topic rujukan.inbox.kh-puskesmas-seberuang \
  --topic rujukan.inbox.kh-puskesmas-selimbau \
  --topic rujukan.inbox.kh-puskesmas-semitau \
  --topic rujukan.inbox.kh-puskesmas-silat-hilir \
  --topic rujukan.inbox.kh-puskesmas-silat-hulu \
  --topic rujukan.inbox.kh-puskesmas-suhaid \
  --topic rujukan.inbox.kh-satpol-pp
acl --allow-principal User:kh-rsud --operation Describe \
  --resource-pattern-type prefixed \
  --topic rujukan.
acl --allow-principal User:kh-puskesmas-badau --operation Read \
  --topic rujukan.inbox.kh-puskesmas-badau \
  --topic rujukan.broker.incarnation
acl --allow-principal User:kh-puskesmas-badau --operation Read \
  --group rujukan.kh-puskesmas-badau
acl --allow-principal User:kh-puskesmas-badau --operation Write \
  --topic rujukan.dlq.kh-puskesmas-badau \
  --topic rujukan.inbox.kh-bagian-hukum \
  --topic rujukan.inbox.kh-dinsos \
  --topic rujukan.inbox.kh-disdikbud \
  --topic rujukan.inbox.kh-hub \
  --topic rujukan.inbox.kh-imigrasi \
  --topic rujukan.inbox.kh-polres \
  --topic rujukan.inbox.kh-puskesmas-batang-lupar \
  --topic rujukan.inbox.kh-puskesmas-bika \
  --topic rujukan.inbox.kh-puskesmas-boyan-tanjung \
  --topic rujukan.inbox.kh-puskesmas-bunut-hilir \
  --topic rujukan.inbox.kh-puskesmas-bunut-hulu \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hilir \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hulu \
  --topic rujukan.inbox.kh-puskesmas-empanang \
  --topic rujukan.inbox.kh-puskesmas-hulu-gurung \
  --topic rujukan.inbox.kh-puskesmas-jongkong \
  --topic rujukan.inbox.kh-puskesmas-kalis \
  --topic rujukan.inbox.kh-puskesmas-mentebah \
  --topic rujukan.inbox.kh-puskesmas-pengkadan \
  --topic rujukan.inbox.kh-puskesmas-puring-kencana \
  --topic rujukan.inbox.kh-puskesmas-putussibau-selatan \
  --topic rujukan.inbox.kh-puskesmas-putussibau-utara \
  --topic rujukan.inbox.kh-puskesmas-seberuang \
  --topic rujukan.inbox.kh-puskesmas-selimbau \
  --topic rujukan.inbox.kh-puskesmas-semitau \
  --topic rujukan.inbox.kh-puskesmas-silat-hilir \
  --topic rujukan.inbox.kh-puskesmas-silat-hulu \
  --topic rujukan.inbox.kh-puskesmas-suhaid \
  --topic rujukan.inbox.kh-rsud \
  --topic rujukan.inbox.kh-satpol-pp
acl --allow-principal User:kh-puskesmas-badau --operation Describe \
  --resource-pattern-type prefixed \
  --topic rujukan.
acl --allow-principal User:kh-puskesmas-batang-lupar --operation Read \
  --topic rujukan.inbox.kh-puskesmas-batang-lupar \
  --topic rujukan.broker.incarnation
acl --allow-principal User:kh-puskesmas-batang-lupar --operation Read \
  --group rujukan.kh-puskesmas-batang-lupar
acl --allow-principal User:kh-puskesmas-batang-lupar --operation Write \
  --topic rujukan.dlq.kh-puskesmas-batang-lupar \
  --topic rujukan.inbox.kh-bagian-hukum \
  --topic rujukan.inbox.kh-dinsos \
  --topic rujukan.inbox.kh-disdikbud \
  --topic rujukan.inbox.kh-hub \
  --topic rujukan.inbox.kh-imigrasi \
  --topic rujukan.inbox.kh-polres \
  --topic rujukan.inbox.kh-puskesmas-badau \
  --topic rujukan.inbox.kh-puskesmas-bika \
  --topic rujukan.inbox.kh-puskesmas-boyan-tanjung \
  --topic rujukan.inbox.kh-puskesmas-bunut-hilir \
  --topic rujukan.inbox.kh-puskesmas-bunut-hulu \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hilir \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hulu \
  --topic rujukan.inbox.kh-puskesmas-empanang \
  --topic rujukan.inbox.kh-puskesmas-hulu-gurung \
  --topic rujukan.inbox.kh-puskesmas-jongkong \
  --topic rujukan.inbox.kh-puskesmas-kalis \
  --topic rujukan.inbox.kh-puskesmas-mentebah \
  --topic rujukan.inbox.kh-puskesmas-pengkadan \
  --topic rujukan.inbox.kh-puskesmas-puring-kencana \
  --topic rujukan.inbox.kh-puskesmas-putussibau-selatan \
  --topic rujukan.inbox.kh-puskesmas-putussibau-utara \
  --topic rujukan.inbox.kh-puskesmas-seberuang \
  --topic rujukan.inbox.kh-puskesmas-selimbau \
  --topic rujukan.inbox.kh-puskesmas-semitau \
  --topic rujukan.inbox.kh-puskesmas-silat-hilir \
  --topic rujukan.inbox.kh-puskesmas-silat-hulu \
  --topic rujukan.inbox.kh-puskesmas-suhaid \
  --topic rujukan.inbox.kh-rsud \
  --topic rujukan.inbox.kh-satpol-pp
acl --allow-principal User:kh-puskesmas-batang-lupar --operation Describe \
  --resource-pattern-type prefixed \
  --topic rujukan.
acl --allow-principal User:kh-puskesmas-bika --operation Read \
  --topic rujukan.inbox.kh-puskesmas-bika \
  --topic rujukan.broker.incarnation
acl --allow-principal User:kh-puskesmas-bika --operation Read \
  --group rujukan.kh-puskesmas-bika
acl --allow-principal User:kh-puskesmas-bika --operation Write \
  --topic rujukan.dlq.kh-puskesmas-bika \
  --topic rujukan.inbox.kh-bagian-hukum \
  --topic rujukan.inbox.kh-dinsos \
  --topic rujukan.inbox.kh-disdikbud \
  --topic rujukan.inbox.kh-hub \
  --topic rujukan.inbox.kh-imigrasi \
  --topic rujukan.inbox.kh-polres \
  --topic rujukan.inbox.kh-puskesmas-badau \
  --topic rujukan.inbox.kh-puskesmas-batang-lupar \
  --topic rujukan.inbox.kh-puskesmas-boyan-tanjung \
  --topic rujukan.inbox.kh-puskesmas-bunut-hilir \
  --topic rujukan.inbox.kh-puskesmas-bunut-hulu \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hilir \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hulu \
  --topic rujukan.inbox.kh-puskesmas-empanang \
  --topic rujukan.inbox.kh-puskesmas-hulu-gurung \
  --topic rujukan.inbox.kh-puskesmas-jongkong \
  --topic rujukan.inbox.kh-puskesmas-kalis \
  --topic rujukan.inbox.kh-puskesmas-mentebah \
  --topic rujukan.inbox.kh-puskesmas-pengkadan \
  --topic rujukan.inbox.kh-puskesmas-puring-kencana \
  --topic rujukan.inbox.kh-puskesmas-putussibau-selatan \
  --topic rujukan.inbox.kh-puskesmas-putussibau-utara \
  --topic rujukan.inbox.kh-puskesmas-seberuang \
  --topic rujukan.inbox.kh-puskesmas-selimbau \
  --topic rujukan.inbox.kh-puskesmas-semitau \
  --topic rujukan.inbox.kh-puskesmas-silat-hilir \
  --topic rujukan.inbox.kh-puskesmas-silat-hulu \
  --topic rujukan.inbox.kh-puskesmas-suhaid \
  --topic rujukan.inbox.kh-rsud \
  --topic rujukan.inbox.kh-satpol-pp
acl --allow-principal User:kh-puskesmas-bika --operation Describe \
  --resource-pattern-type prefixed \
  --topic rujukan.
acl --allow-principal User:kh-puskesmas-boyan-tanjung --operation Read \
  --topic rujukan.inbox.kh-puskesmas-boyan-tanjung \
  --topic rujukan.broker.incarnation
acl --allow-principal User:kh-puskesmas-boyan-tanjung --operation Read \
  --group rujukan.kh-puskesmas-boyan-tanjung
acl --allow-principal User:kh-puskesmas-boyan-tanjung --operation Write \
  --topic rujukan.dlq.kh-puskesmas-boyan-tanjung \
  --topic rujukan.inbox.kh-bagian-hukum \
  --topic rujukan.inbox.kh-dinsos \
  --topic rujukan.inbox.kh-disdikbud \
  --topic rujukan.inbox.kh-hub \
  --topic rujukan.inbox.kh-imigrasi \
  --topic rujukan.inbox.kh-polres \
  --topic rujukan.inbox.kh-puskesmas-badau \
  --topic rujukan.inbox.kh-puskesmas-batang-lupar \
  --topic rujukan.inbox.kh-puskesmas-bika \
  --topic rujukan.inbox.kh-puskesmas-bunut-hilir \
  --topic rujukan.inbox.kh-puskesmas-bunut-hulu \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hilir \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hulu \
  --topic rujukan.inbox.kh-puskesmas-empanang \
  --topic rujukan.inbox.kh-puskesmas-hulu-gurung \
  --topic rujukan.inbox.kh-puskesmas-jongkong \
  --topic rujukan.inbox.kh-puskesmas-kalis \
  --topic rujukan.inbox.kh-puskesmas-mentebah \
  --topic rujukan.inbox.kh-puskesmas-pengkadan \
  --topic rujukan.inbox.kh-puskesmas-puring-kencana \
  --topic rujukan.inbox.kh-puskesmas-putussibau-selatan \
  --topic rujukan.inbox.kh-puskesmas-putussibau-utara \
  --topic rujukan.inbox.kh-puskesmas-seberuang \
  --topic rujukan.inbox.kh-puskesmas-selimbau \
  --topic rujukan.inbox.kh-puskesmas-semitau \
  --topic rujukan.inbox.kh-puskesmas-silat-hilir \
  --topic rujukan.inbox.kh-puskesmas-silat-hulu \
  --topic rujukan.inbox.kh-puskesmas-suhaid \
  --topic rujukan.inbox.kh-rsud \
  --topic rujukan.inbox.kh-satpol-pp
acl --allow-principal User:kh-puskesmas-boyan-tanjung --operation Describe \
  --resource-pattern-type prefixed \
  --topic rujukan.
acl --allow-principal User:kh-puskesmas-bunut-hilir --operation Read \
  --topic rujukan.inbox.kh-puskesmas-bunut-hilir \
  --topic rujukan.broker.incarnation
acl --allow-principal User:kh-puskesmas-bunut-hilir --operation Read \
  --group rujukan.kh-puskesmas-bunut-hilir
acl --allow-principal User:kh-puskesmas-bunut-hilir --operation Write \
  --topic rujukan.dlq.kh-puskesmas-bunut-hilir \
  --topic rujukan.inbox.kh-bagian-hukum \
  --topic rujukan.inbox.kh-dinsos \
  --topic rujukan.inbox.kh-disdikbud \
  --topic rujukan.inbox.kh-hub \
  --topic rujukan.inbox.kh-imigrasi \
  --topic rujukan.inbox.kh-polres \
  --topic rujukan.inbox.kh-puskesmas-badau \
  --topic rujukan.inbox.kh-puskesmas-batang-lupar \
  --topic rujukan.inbox.kh-puskesmas-bika \
  --topic rujukan.inbox.kh-puskesmas-boyan-tanjung \
  --topic rujukan.inbox.kh-puskesmas-bunut-hulu \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hilir \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hulu \
  --topic rujukan.inbox.kh-puskesmas-empanang \
  --topic rujukan.inbox.kh-puskesmas-hulu-gurung \
  --topic rujukan.inbox.kh-puskesmas-jongkong \
  --topic rujukan.inbox.kh-puskesmas-kalis \
  --topic rujukan.inbox.kh-puskesmas-mentebah \
  --topic rujukan.inbox.kh-puskesmas-pengkadan \
  --topic rujukan.inbox.kh-puskesmas-puring-kencana \
  --topic rujukan.inbox.kh-puskesmas-putussibau-selatan \
  --topic rujukan.inbox.kh-puskesmas-putussibau-utara \
  --topic rujukan.inbox.kh-puskesmas-seberuang \
  --topic rujukan.inbox.kh-puskesmas-selimbau \
  --topic rujukan.inbox.kh-puskesmas-semitau \
  --topic rujukan.inbox.kh-puskesmas-silat-hilir \
  --topic rujukan.inbox.kh-puskesmas-silat-hulu \
  --topic rujukan.inbox.kh-puskesmas-suhaid \
  --topic rujukan.inbox.kh-rsud \
  --topic rujukan.inbox.kh-satpol-pp
acl --allow-principal User:kh-puskesmas-bunut-hilir --operation Describe \
  --resource-pattern-type prefixed \
  --topic rujukan.
acl --allow-principal User:kh-puskesmas-bunut-hulu --operation Read \
  --topic rujukan.inbox.kh-puskesmas-bunut-hulu \
  --topic rujukan.broker.incarnation
acl --allow-principal User:kh-puskesmas-bunut-hulu --operation Read \
  --group rujukan.kh-puskesmas-bunut-hulu
acl --allow-principal User:kh-puskesmas-bunut-hulu --operation Write \
  --topic rujukan.dlq.kh-puskesmas-bunut-hulu \
  --topic rujukan.inbox.kh-bagian-hukum \
  --topic rujukan.inbox.kh-dinsos \
  --topic rujukan.inbox.kh-disdikbud \
  --topic rujukan.inbox.kh-hub \
  --topic rujukan.inbox.kh-imigrasi \
  --topic rujukan.inbox.kh-polres \
  --topic rujukan.inbox.kh-puskesmas-badau \
  --topic rujukan.inbox.kh-puskesmas-batang-lupar \
  --topic rujukan.inbox.kh-puskesmas-bika \
  --topic rujukan.inbox.kh-puskesmas-boyan-tanjung \
  --topic rujukan.inbox.kh-puskesmas-bunut-hilir \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hilir \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hulu \
  --topic rujukan.inbox.kh-puskesmas-empanang \
  --topic rujukan.inbox.kh-puskesmas-hulu-gurung \
  --topic rujukan.inbox.kh-puskesmas-jongkong \
  --topic rujukan.inbox.kh-puskesmas-kalis \
  --topic rujukan.inbox.kh-puskesmas-mentebah \
  --topic rujukan.inbox.kh-puskesmas-pengkadan \
  --topic rujukan.inbox.kh-puskesmas-puring-kencana \
  --topic rujukan.inbox.kh-puskesmas-putussibau-selatan \
  --topic rujukan.inbox.kh-puskesmas-putussibau-utara \
  --topic rujukan.inbox.kh-puskesmas-seberuang \
  --topic rujukan.inbox.kh-puskesmas-selimbau \
  --topic rujukan.inbox.kh-puskesmas-semitau \
  --topic rujukan.inbox.kh-puskesmas-silat-hilir \
  --topic rujukan.inbox.kh-puskesmas-silat-hulu \
  --topic rujukan.inbox.kh-puskesmas-suhaid \
  --topic rujukan.inbox.kh-rsud \
  --topic rujukan.inbox.kh-satpol-pp
acl --allow-principal User:kh-puskesmas-bunut-hulu --operation Describe \
  --resource-pattern-type prefixed \
  --topic rujukan.
acl --allow-principal User:kh-puskesmas-embaloh-hilir --operation Read \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hilir \
  --topic rujukan.broker.incarnation
acl --allow-principal User:kh-puskesmas-embaloh-hilir --operation Read \
  --group rujukan.kh-puskesmas-embaloh-hilir
acl --allow-principal User:kh-puskesmas-embaloh-hilir --operation Write \
  --topic rujukan.dlq.kh-puskesmas-embaloh-hilir \
  --topic rujukan.inbox.kh-bagian-hukum \
  --topic rujukan.inbox.kh-dinsos \
  --topic rujukan.inbox.kh-disdikbud \
  --topic rujukan.inbox.kh-hub \
  --topic rujukan.inbox.kh-imigrasi \
  --topic rujukan.inbox.kh-polres \
  --topic rujukan.inbox.kh-puskesmas-badau \
  --topic rujukan.inbox.kh-puskesmas-batang-lupar \
  --topic rujukan.inbox.kh-puskesmas-bika \
  --topic rujukan.inbox.kh-puskesmas-boyan-tanjung \
  --topic rujukan.inbox.kh-puskesmas-bunut-hilir \
  --topic rujukan.inbox.kh-puskesmas-bunut-hulu \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hulu \
  --topic rujukan.inbox.kh-puskesmas-empanang \
  --topic rujukan.inbox.kh-puskesmas-hulu-gurung \
  --topic rujukan.inbox.kh-puskesmas-jongkong \
  --topic rujukan.inbox.kh-puskesmas-kalis \
  --topic rujukan.inbox.kh-puskesmas-mentebah \
  --topic rujukan.inbox.kh-puskesmas-pengkadan \
  --topic rujukan.inbox.kh-puskesmas-puring-kencana \
  --topic rujukan.inbox.kh-puskesmas-putussibau-selatan \
  --topic rujukan.inbox.kh-puskesmas-putussibau-utara \
  --topic rujukan.inbox.kh-puskesmas-seberuang \
  --topic rujukan.inbox.kh-puskesmas-selimbau \
  --topic rujukan.inbox.kh-puskesmas-semitau \
  --topic rujukan.inbox.kh-puskesmas-silat-hilir \
  --topic rujukan.inbox.kh-puskesmas-silat-hulu \
  --topic rujukan.inbox.kh-puskesmas-suhaid \
  --topic rujukan.inbox.kh-rsud \
  --topic rujukan.inbox.kh-satpol-pp
acl --allow-principal User:kh-puskesmas-embaloh-hilir --operation Describe \
  --resource-pattern-type prefixed \
  --topic rujukan.
acl --allow-principal User:kh-puskesmas-embaloh-hulu --operation Read \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hulu \
  --topic rujukan.broker.incarnation
acl --allow-principal User:kh-puskesmas-embaloh-hulu --operation Read \
  --group rujukan.kh-puskesmas-embaloh-hulu
acl --allow-principal User:kh-puskesmas-embaloh-hulu --operation Write \
  --topic rujukan.dlq.kh-puskesmas-embaloh-hulu \
  --topic rujukan.inbox.kh-bagian-hukum \
  --topic rujukan.inbox.kh-dinsos \
  --topic rujukan.inbox.kh-disdikbud \
  --topic rujukan.inbox.kh-hub \
  --topic rujukan.inbox.kh-imigrasi \
  --topic rujukan.inbox.kh-polres \
  --topic rujukan.inbox.kh-puskesmas-badau \
  --topic rujukan.inbox.kh-puskesmas-batang-lupar \
  --topic rujukan.inbox.kh-puskesmas-bika \
  --topic rujukan.inbox.kh-puskesmas-boyan-tanjung \
  --topic rujukan.inbox.kh-puskesmas-bunut-hilir \
  --topic rujukan.inbox.kh-puskesmas-bunut-hulu \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hilir \
  --topic rujukan.inbox.kh-puskesmas-empanang \
  --topic rujukan.inbox.kh-puskesmas-hulu-gurung \
  --topic rujukan.inbox.kh-puskesmas-jongkong \
  --topic rujukan.inbox.kh-puskesmas-kalis \
  --topic rujukan.inbox.kh-puskesmas-mentebah \
  --topic rujukan.inbox.kh-puskesmas-pengkadan \
  --topic rujukan.inbox.kh-puskesmas-puring-kencana \
  --topic rujukan.inbox.kh-puskesmas-putussibau-selatan \
  --topic rujukan.inbox.kh-puskesmas-putussibau-utara \
  --topic rujukan.inbox.kh-puskesmas-seberuang \
  --topic rujukan.inbox.kh-puskesmas-selimbau \
  --topic rujukan.inbox.kh-puskesmas-semitau \
  --topic rujukan.inbox.kh-puskesmas-silat-hilir \
  --topic rujukan.inbox.kh-puskesmas-silat-hulu \
  --topic rujukan.inbox.kh-puskesmas-suhaid \
  --topic rujukan.inbox.kh-rsud \
  --topic rujukan.inbox.kh-satpol-pp
acl --allow-principal User:kh-puskesmas-embaloh-hulu --operation Describe \
  --resource-pattern-type prefixed \
  --topic rujukan.
acl --allow-principal User:kh-puskesmas-empanang --operation Read \
  --topic rujukan.inbox.kh-puskesmas-empanang \
  --topic rujukan.broker.incarnation
acl --allow-principal User:kh-puskesmas-empanang --operation Read \
  --group rujukan.kh-puskesmas-empanang
acl --allow-principal User:kh-puskesmas-empanang --operation Write \
  --topic rujukan.dlq.kh-puskesmas-empanang \
  --topic rujukan.inbox.kh-bagian-hukum \
  --topic rujukan.inbox.kh-dinsos \
  --topic rujukan.inbox.kh-disdikbud \
  --topic rujukan.inbox.kh-hub \
  --topic rujukan.inbox.kh-imigrasi \
  --topic rujukan.inbox.kh-polres \
  --topic rujukan.inbox.kh-puskesmas-badau \
  --topic rujukan.inbox.kh-puskesmas-batang-lupar \
  --topic rujukan.inbox.kh-puskesmas-bika \
  --topic rujukan.inbox.kh-puskesmas-boyan-tanjung \
  --topic rujukan.inbox.kh-puskesmas-bunut-hilir \
  --topic rujukan.inbox.kh-puskesmas-bunut-hulu \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hilir \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hulu \
  --topic rujukan.inbox.kh-puskesmas-hulu-gurung \
  --topic rujukan.inbox.kh-puskesmas-jongkong \
  --topic rujukan.inbox.kh-puskesmas-kalis \
  --topic rujukan.inbox.kh-puskesmas-mentebah \
  --topic rujukan.inbox.kh-puskesmas-pengkadan \
  --topic rujukan.inbox.kh-puskesmas-puring-kencana \
  --topic rujukan.inbox.kh-puskesmas-putussibau-selatan \
  --topic rujukan.inbox.kh-puskesmas-putussibau-utara \
  --topic rujukan.inbox.kh-puskesmas-seberuang \
  --topic rujukan.inbox.kh-puskesmas-selimbau \
  --topic rujukan.inbox.kh-puskesmas-semitau \
  --topic rujukan.inbox.kh-puskesmas-silat-hilir \
  --topic rujukan.inbox.kh-puskesmas-silat-hulu \
  --topic rujukan.inbox.kh-puskesmas-suhaid \
  --topic rujukan.inbox.kh-rsud \
  --topic rujukan.inbox.kh-satpol-pp
acl --allow-principal User:kh-puskesmas-empanang --operation Describe \
  --resource-pattern-type prefixed \
  --topic rujukan.
acl --allow-principal User:kh-puskesmas-hulu-gurung --operation Read \
  --topic rujukan.inbox.kh-puskesmas-hulu-gurung \
  --topic rujukan.broker.incarnation
acl --allow-principal User:kh-puskesmas-hulu-gurung --operation Read \
  --group rujukan.kh-puskesmas-hulu-gurung
acl --allow-principal User:kh-puskesmas-hulu-gurung --operation Write \
  --topic rujukan.dlq.kh-puskesmas-hulu-gurung \
  --topic rujukan.inbox.kh-bagian-hukum \
  --topic rujukan.inbox.kh-dinsos \
  --topic rujukan.inbox.kh-disdikbud \
  --topic rujukan.inbox.kh-hub \
  --topic rujukan.inbox.kh-imigrasi \
  --topic rujukan.inbox.kh-polres \
  --topic rujukan.inbox.kh-puskesmas-badau \
  --topic rujukan.inbox.kh-puskesmas-batang-lupar \
  --topic rujukan.inbox.kh-puskesmas-bika \
  --topic rujukan.inbox.kh-puskesmas-boyan-tanjung \
  --topic rujukan.inbox.kh-puskesmas-bunut-hilir \
  --topic rujukan.inbox.kh-puskesmas-bunut-hulu \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hilir \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hulu \
  --topic rujukan.inbox.kh-puskesmas-empanang \
  --topic rujukan.inbox.kh-puskesmas-jongkong \
  --topic rujukan.inbox.kh-puskesmas-kalis \
  --topic rujukan.inbox.kh-puskesmas-mentebah \
  --topic rujukan.inbox.kh-puskesmas-pengkadan \
  --topic rujukan.inbox.kh-puskesmas-puring-kencana \
  --topic rujukan.inbox.kh-puskesmas-putussibau-selatan \
  --topic rujukan.inbox.kh-puskesmas-putussibau-utara \
  --topic rujukan.inbox.kh-puskesmas-seberuang \
  --topic rujukan.inbox.kh-puskesmas-selimbau \
  --topic rujukan.inbox.kh-puskesmas-semitau \
  --topic rujukan.inbox.kh-puskesmas-silat-hilir \
  --topic rujukan.inbox.kh-puskesmas-silat-hulu \
  --topic rujukan.inbox.kh-puskesmas-suhaid \
  --topic rujukan.inbox.kh-rsud \
  --topic rujukan.inbox.kh-satpol-pp
acl --allow-principal User:kh-puskesmas-hulu-gurung --operation Describe \
  --resource-pattern-type prefixed \
  --topic rujukan.
acl --allow-principal User:kh-puskesmas-jongkong --operation Read \
  --topic rujukan.inbox.kh-puskesmas-jongkong \
  --topic rujukan.broker.incarnation
acl --allow-principal User:kh-puskesmas-jongkong --operation Read \
  --group rujukan.kh-puskesmas-jongkong
acl --allow-principal User:kh-puskesmas-jongkong --operation Write \
  --topic rujukan.dlq.kh-puskesmas-jongkong \
  --topic rujukan.inbox.kh-bagian-hukum \
  --topic rujukan.inbox.kh-dinsos \
  --topic rujukan.inbox.kh-disdikbud \
  --topic rujukan.inbox.kh-hub \
  --topic rujukan.inbox.kh-imigrasi \
  --topic rujukan.inbox.kh-polres \
  --topic rujukan.inbox.kh-puskesmas-badau \
  --topic rujukan.inbox.kh-puskesmas-batang-lupar \
  --topic rujukan.inbox.kh-puskesmas-bika \
  --topic rujukan.inbox.kh-puskesmas-boyan-tanjung \
  --topic rujukan.inbox.kh-puskesmas-bunut-hilir \
  --topic rujukan.inbox.kh-puskesmas-bunut-hulu \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hilir \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hulu \
  --topic rujukan.inbox.kh-puskesmas-empanang \
  --topic rujukan.inbox.kh-puskesmas-hulu-gurung \
  --topic rujukan.inbox.kh-puskesmas-kalis \
  --topic rujukan.inbox.kh-puskesmas-mentebah \
  --topic rujukan.inbox.kh-puskesmas-pengkadan \
  --topic rujukan.inbox.kh-puskesmas-puring-kencana \
  --topic rujukan.inbox.kh-puskesmas-putussibau-selatan \
  --topic rujukan.inbox.kh-puskesmas-putussibau-utara \
  --topic rujukan.inbox.kh-puskesmas-seberuang \
  --topic rujukan.inbox.kh-puskesmas-selimbau \
  --topic rujukan.inbox.kh-puskesmas-semitau \
  --topic rujukan.inbox.kh-puskesmas-silat-hilir \
  --topic rujukan.inbox.kh-puskesmas-silat-hulu \
  --topic rujukan.inbox.kh-puskesmas-suhaid \
  --topic rujukan.inbox.kh-rsud \
  --topic rujukan.inbox.kh-satpol-pp
acl --allow-principal User:kh-puskesmas-jongkong --operation Describe \
  --resource-pattern-type prefixed \
  --topic rujukan.
acl --allow-principal User:kh-puskesmas-kalis --operation Read \
  --topic rujukan.inbox.kh-puskesmas-kalis \
  --topic rujukan.broker.incarnation
acl --allow-principal User:kh-puskesmas-kalis --operation Read \
  --group rujukan.kh-puskesmas-kalis
acl --allow-principal User:kh-puskesmas-kalis --operation Write \
  --topic rujukan.dlq.kh-puskesmas-kalis \
  --topic rujukan.inbox.kh-bagian-hukum \
  --topic rujukan.inbox.kh-dinsos \
  --topic rujukan.inbox.kh-disdikbud \
  --topic rujukan.inbox.kh-hub \
  --topic rujukan.inbox.kh-imigrasi \
  --topic rujukan.inbox.kh-polres \
  --topic rujukan.inbox.kh-puskesmas-badau \
  --topic rujukan.inbox.kh-puskesmas-batang-lupar \
  --topic rujukan.inbox.kh-puskesmas-bika \
  --topic rujukan.inbox.kh-puskesmas-boyan-tanjung \
  --topic rujukan.inbox.kh-puskesmas-bunut-hilir \
  --topic rujukan.inbox.kh-puskesmas-bunut-hulu \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hilir \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hulu \
  --topic rujukan.inbox.kh-puskesmas-empanang \
  --topic rujukan.inbox.kh-puskesmas-hulu-gurung \
  --topic rujukan.inbox.kh-puskesmas-jongkong \
  --topic rujukan.inbox.kh-puskesmas-mentebah \
  --topic rujukan.inbox.kh-puskesmas-pengkadan \
  --topic rujukan.inbox.kh-puskesmas-puring-kencana \
  --topic rujukan.inbox.kh-puskesmas-putussibau-selatan \
  --topic rujukan.inbox.kh-puskesmas-putussibau-utara \
  --topic rujukan.inbox.kh-puskesmas-seberuang \
  --topic rujukan.inbox.kh-puskesmas-selimbau \
  --topic rujukan.inbox.kh-puskesmas-semitau \
  --topic rujukan.inbox.kh-puskesmas-silat-hilir \
  --topic rujukan.inbox.kh-puskesmas-silat-hulu \
  --topic rujukan.inbox.kh-puskesmas-suhaid \
  --topic rujukan.inbox.kh-rsud \
  --topic rujukan.inbox.kh-satpol-pp
acl --allow-principal User:kh-puskesmas-kalis --operation Describe \
  --resource-pattern-type prefixed \
  --topic rujukan.
acl --allow-principal User:kh-puskesmas-mentebah --operation Read \
  --topic rujukan.inbox.kh-puskesmas-mentebah \
  --topic rujukan.broker.incarnation
acl --allow-principal User:kh-puskesmas-mentebah --operation Read \
  --group rujukan.kh-puskesmas-mentebah
acl --allow-principal User:kh-puskesmas-mentebah --operation Write \
  --topic rujukan.dlq.kh-puskesmas-mentebah \
  --topic rujukan.inbox.kh-bagian-hukum \
  --topic rujukan.inbox.kh-dinsos \
  --topic rujukan.inbox.kh-disdikbud \
  --topic rujukan.inbox.kh-hub \
  --topic rujukan.inbox.kh-imigrasi \
  --topic rujukan.inbox.kh-polres \
  --topic rujukan.inbox.kh-puskesmas-badau \
  --topic rujukan.inbox.kh-puskesmas-batang-lupar \
  --topic rujukan.inbox.kh-puskesmas-bika \
  --topic rujukan.inbox.kh-puskesmas-boyan-tanjung \
  --topic rujukan.inbox.kh-puskesmas-bunut-hilir \
  --topic rujukan.inbox.kh-puskesmas-bunut-hulu \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hilir \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hulu \
  --topic rujukan.inbox.kh-puskesmas-empanang \
  --topic rujukan.inbox.kh-puskesmas-hulu-gurung \
  --topic rujukan.inbox.kh-puskesmas-jongkong \
  --topic rujukan.inbox.kh-puskesmas-kalis \
  --topic rujukan.inbox.kh-puskesmas-pengkadan \
  --topic rujukan.inbox.kh-puskesmas-puring-kencana \
  --topic rujukan.inbox.kh-puskesmas-putussibau-selatan \
  --topic rujukan.inbox.kh-puskesmas-putussibau-utara \
  --topic rujukan.inbox.kh-puskesmas-seberuang \
  --topic rujukan.inbox.kh-puskesmas-selimbau \
  --topic rujukan.inbox.kh-puskesmas-semitau \
  --topic rujukan.inbox.kh-puskesmas-silat-hilir \
  --topic rujukan.inbox.kh-puskesmas-silat-hulu \
  --topic rujukan.inbox.kh-puskesmas-suhaid \
  --topic rujukan.inbox.kh-rsud \
  --topic rujukan.inbox.kh-satpol-pp
acl --allow-principal User:kh-puskesmas-mentebah --operation Describe \
  --resource-pattern-type prefixed \
  --topic rujukan.
acl --allow-principal User:kh-puskesmas-pengkadan --operation Read \
  --topic rujukan.inbox.kh-puskesmas-pengkadan \
  --topic rujukan.broker.incarnation
acl --allow-principal User:kh-puskesmas-pengkadan --operation Read \
  --group rujukan.kh-puskesmas-pengkadan
acl --allow-principal User:kh-puskesmas-pengkadan --operation Write \
  --topic rujukan.dlq.kh-puskesmas-pengkadan \
  --topic rujukan.inbox.kh-bagian-hukum \
  --topic rujukan.inbox.kh-dinsos \
  --topic rujukan.inbox.kh-disdikbud \
  --topic rujukan.inbox.kh-hub \
  --topic rujukan.inbox.kh-imigrasi \
  --topic rujukan.inbox.kh-polres \
  --topic rujukan.inbox.kh-puskesmas-badau \
  --topic rujukan.inbox.kh-puskesmas-batang-lupar \
  --topic rujukan.inbox.kh-puskesmas-bika \
  --topic rujukan.inbox.kh-puskesmas-boyan-tanjung \
  --topic rujukan.inbox.kh-puskesmas-bunut-hilir \
  --topic rujukan.inbox.kh-puskesmas-bunut-hulu \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hilir \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hulu \
  --topic rujukan.inbox.kh-puskesmas-empanang \
  --topic rujukan.inbox.kh-puskesmas-hulu-gurung \
  --topic rujukan.inbox.kh-puskesmas-jongkong \
  --topic rujukan.inbox.kh-puskesmas-kalis \
  --topic rujukan.inbox.kh-puskesmas-mentebah \
  --topic rujukan.inbox.kh-puskesmas-puring-kencana \
  --topic rujukan.inbox.kh-puskesmas-putussibau-selatan \
  --topic rujukan.inbox.kh-puskesmas-putussibau-utara \
  --topic rujukan.inbox.kh-puskesmas-seberuang \
  --topic rujukan.inbox.kh-puskesmas-selimbau \
  --topic rujukan.inbox.kh-puskesmas-semitau \
  --topic rujukan.inbox.kh-puskesmas-silat-hilir \
  --topic rujukan.inbox.kh-puskesmas-silat-hulu \
  --topic rujukan.inbox.kh-puskesmas-suhaid \
  --topic rujukan.inbox.kh-rsud \
  --topic rujukan.inbox.kh-satpol-pp
acl --allow-principal User:kh-puskesmas-pengkadan --operation Describe \
  --resource-pattern-type prefixed \
  --topic rujukan.
acl --allow-principal User:kh-puskesmas-puring-kencana --operation Read \
  --topic rujukan.inbox.kh-puskesmas-puring-kencana \
  --topic rujukan.broker.incarnation
acl --allow-principal User:kh-puskesmas-puring-kencana --operation Read \
  --group rujukan.kh-puskesmas-puring-kencana
acl --allow-principal User:kh-puskesmas-puring-kencana --operation Write \
  --topic rujukan.dlq.kh-puskesmas-puring-kencana \
  --topic rujukan.inbox.kh-bagian-hukum \
  --topic rujukan.inbox.kh-dinsos \
  --topic rujukan.inbox.kh-disdikbud \
  --topic rujukan.inbox.kh-hub \
  --topic rujukan.inbox.kh-imigrasi \
  --topic rujukan.inbox.kh-polres \
  --topic rujukan.inbox.kh-puskesmas-badau \
  --topic rujukan.inbox.kh-puskesmas-batang-lupar \
  --topic rujukan.inbox.kh-puskesmas-bika \
  --topic rujukan.inbox.kh-puskesmas-boyan-tanjung \
  --topic rujukan.inbox.kh-puskesmas-bunut-hilir \
  --topic rujukan.inbox.kh-puskesmas-bunut-hulu \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hilir \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hulu \
  --topic rujukan.inbox.kh-puskesmas-empanang \
  --topic rujukan.inbox.kh-puskesmas-hulu-gurung \
  --topic rujukan.inbox.kh-puskesmas-jongkong \
  --topic rujukan.inbox.kh-puskesmas-kalis \
  --topic rujukan.inbox.kh-puskesmas-mentebah \
  --topic rujukan.inbox.kh-puskesmas-pengkadan \
  --topic rujukan.inbox.kh-puskesmas-putussibau-selatan \
  --topic rujukan.inbox.kh-puskesmas-putussibau-utara \
  --topic rujukan.inbox.kh-puskesmas-seberuang \
  --topic rujukan.inbox.kh-puskesmas-selimbau \
  --topic rujukan.inbox.kh-puskesmas-semitau \
  --topic rujukan.inbox.kh-puskesmas-silat-hilir \
  --topic rujukan.inbox.kh-puskesmas-silat-hulu \
  --topic rujukan.inbox.kh-puskesmas-suhaid \
  --topic rujukan.inbox.kh-rsud \
  --topic rujukan.inbox.kh-satpol-pp
acl --allow-principal User:kh-puskesmas-puring-kencana --operation Describe \
  --resource-pattern-type prefixed \
  --topic rujukan.
acl --allow-principal User:kh-puskesmas-putussibau-selatan --operation Read \
  --topic rujukan.inbox.kh-puskesmas-putussibau-selatan \
  --topic rujukan.broker.incarnation
acl --allow-principal User:kh-puskesmas-putussibau-selatan --operation Read \
  --group rujukan.kh-puskesmas-putussibau-selatan
acl --allow-principal User:kh-puskesmas-putussibau-selatan --operation Write \
  --topic rujukan.dlq.kh-puskesmas-putussibau-selatan \
  --topic rujukan.inbox.kh-bagian-hukum \
  --topic rujukan.inbox.kh-dinsos \
  --topic rujukan.inbox.kh-disdikbud \
  --topic rujukan.inbox.kh-hub \
  --topic rujukan.inbox.kh-imigrasi \
  --topic rujukan.inbox.kh-polres \
  --topic rujukan.inbox.kh-puskesmas-badau \
  --topic rujukan.inbox.kh-puskesmas-batang-lupar \
  --topic rujukan.inbox.kh-puskesmas-bika \
  --topic rujukan.inbox.kh-puskesmas-boyan-tanjung \
  --topic rujukan.inbox.kh-puskesmas-bunut-hilir \
  --topic rujukan.inbox.kh-puskesmas-bunut-hulu \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hilir \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hulu \
  --topic rujukan.inbox.kh-puskesmas-empanang \
  --topic rujukan.inbox.kh-puskesmas-hulu-gurung \
  --topic rujukan.inbox.kh-puskesmas-jongkong \
  --topic rujukan.inbox.kh-puskesmas-kalis \
  --topic rujukan.inbox.kh-puskesmas-mentebah \
  --topic rujukan.inbox.kh-puskesmas-pengkadan \
  --topic rujukan.inbox.kh-puskesmas-puring-kencana \
  --topic rujukan.inbox.kh-puskesmas-putussibau-utara \
  --topic rujukan.inbox.kh-puskesmas-seberuang \
  --topic rujukan.inbox.kh-puskesmas-selimbau \
  --topic rujukan.inbox.kh-puskesmas-semitau \
  --topic rujukan.inbox.kh-puskesmas-silat-hilir \
  --topic rujukan.inbox.kh-puskesmas-silat-hulu \
  --topic rujukan.inbox.kh-puskesmas-suhaid \
  --topic rujukan.inbox.kh-rsud \
  --topic rujukan.inbox.kh-satpol-pp
acl --allow-principal User:kh-puskesmas-putussibau-selatan --operation Describe \
  --resource-pattern-type prefixed \
  --topic rujukan.
acl --allow-principal User:kh-puskesmas-putussibau-utara --operation Read \
  --topic rujukan.inbox.kh-puskesmas-putussibau-utara \
  --topic rujukan.broker.incarnation
acl --allow-principal User:kh-puskesmas-putussibau-utara --operation Read \
  --group rujukan.kh-puskesmas-putussibau-utara
acl --allow-principal User:kh-puskesmas-putussibau-utara --operation Write \
  --topic rujukan.dlq.kh-puskesmas-putussibau-utara \
  --topic rujukan.inbox.kh-bagian-hukum \
  --topic rujukan.inbox.kh-dinsos \
  --topic rujukan.inbox.kh-disdikbud \
  --topic rujukan.inbox.kh-hub \
  --topic rujukan.inbox.kh-imigrasi \
  --topic rujukan.inbox.kh-polres \
  --topic rujukan.inbox.kh-puskesmas-badau \
  --topic rujukan.inbox.kh-puskesmas-batang-lupar \
  --topic rujukan.inbox.kh-puskesmas-bika \
  --topic rujukan.inbox.kh-puskesmas-boyan-tanjung \
  --topic rujukan.inbox.kh-puskesmas-bunut-hilir \
  --topic rujukan.inbox.kh-puskesmas-bunut-hulu \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hilir \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hulu \
  --topic rujukan.inbox.kh-puskesmas-empanang \
  --topic rujukan.inbox.kh-puskesmas-hulu-gurung \
  --topic rujukan.inbox.kh-puskesmas-jongkong \
  --topic rujukan.inbox.kh-puskesmas-kalis \
  --topic rujukan.inbox.kh-puskesmas-mentebah \
  --topic rujukan.inbox.kh-puskesmas-pengkadan \
  --topic rujukan.inbox.kh-puskesmas-puring-kencana \
  --topic rujukan.inbox.kh-puskesmas-putussibau-selatan \
  --topic rujukan.inbox.kh-puskesmas-seberuang \
  --topic rujukan.inbox.kh-puskesmas-selimbau \
  --topic rujukan.inbox.kh-puskesmas-semitau \
  --topic rujukan.inbox.kh-puskesmas-silat-hilir \
  --topic rujukan.inbox.kh-puskesmas-silat-hulu \
  --topic rujukan.inbox.kh-puskesmas-suhaid \
  --topic rujukan.inbox.kh-rsud \
  --topic rujukan.inbox.kh-satpol-pp
acl --allow-principal User:kh-puskesmas-putussibau-utara --operation Describe \
  --resource-pattern-type prefixed \
  --topic rujukan.
acl --allow-principal User:kh-puskesmas-seberuang --operation Read \
  --topic rujukan.inbox.kh-puskesmas-seberuang \
  --topic rujukan.broker.incarnation
acl --allow-principal User:kh-puskesmas-seberuang --operation Read \
  --group rujukan.kh-puskesmas-seberuang
acl --allow-principal User:kh-puskesmas-seberuang --operation Write \
  --topic rujukan.dlq.kh-puskesmas-seberuang \
  --topic rujukan.inbox.kh-bagian-hukum \
  --topic rujukan.inbox.kh-dinsos \
  --topic rujukan.inbox.kh-disdikbud \
  --topic rujukan.inbox.kh-hub \
  --topic rujukan.inbox.kh-imigrasi \
  --topic rujukan.inbox.kh-polres \
  --topic rujukan.inbox.kh-puskesmas-badau \
  --topic rujukan.inbox.kh-puskesmas-batang-lupar \
  --topic rujukan.inbox.kh-puskesmas-bika \
  --topic rujukan.inbox.kh-puskesmas-boyan-tanjung \
  --topic rujukan.inbox.kh-puskesmas-bunut-hilir \
  --topic rujukan.inbox.kh-puskesmas-bunut-hulu \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hilir \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hulu \
  --topic rujukan.inbox.kh-puskesmas-empanang \
  --topic rujukan.inbox.kh-puskesmas-hulu-gurung \
  --topic rujukan.inbox.kh-puskesmas-jongkong \
  --topic rujukan.inbox.kh-puskesmas-kalis \
  --topic rujukan.inbox.kh-puskesmas-mentebah \
  --topic rujukan.inbox.kh-puskesmas-pengkadan \
  --topic rujukan.inbox.kh-puskesmas-puring-kencana \
  --topic rujukan.inbox.kh-puskesmas-putussibau-selatan \
  --topic rujukan.inbox.kh-puskesmas-putussibau-utara \
  --topic rujukan.inbox.kh-puskesmas-selimbau \
  --topic rujukan.inbox.kh-puskesmas-semitau \
  --topic rujukan.inbox.kh-puskesmas-silat-hilir \
  --topic rujukan.inbox.kh-puskesmas-silat-hulu \
  --topic rujukan.inbox.kh-puskesmas-suhaid \
  --topic rujukan.inbox.kh-rsud \
  --topic rujukan.inbox.kh-satpol-pp
acl --allow-principal User:kh-puskesmas-seberuang --operation Describe \
  --resource-pattern-type prefixed \
  --topic rujukan.
acl --allow-principal User:kh-puskesmas-selimbau --operation Read \
  --topic rujukan.inbox.kh-puskesmas-selimbau \
  --topic rujukan.broker.incarnation
acl --allow-principal User:kh-puskesmas-selimbau --operation Read \
  --group rujukan.kh-puskesmas-selimbau
acl --allow-principal User:kh-puskesmas-selimbau --operation Write \
  --topic rujukan.dlq.kh-puskesmas-selimbau \
  --topic rujukan.inbox.kh-bagian-hukum \
  --topic rujukan.inbox.kh-dinsos \
  --topic rujukan.inbox.kh-disdikbud \
  --topic rujukan.inbox.kh-hub \
  --topic rujukan.inbox.kh-imigrasi \
  --topic rujukan.inbox.kh-polres \
  --topic rujukan.inbox.kh-puskesmas-badau \
  --topic rujukan.inbox.kh-puskesmas-batang-lupar \
  --topic rujukan.inbox.kh-puskesmas-bika \
  --topic rujukan.inbox.kh-puskesmas-boyan-tanjung \
  --topic rujukan.inbox.kh-puskesmas-bunut-hilir \
  --topic rujukan.inbox.kh-puskesmas-bunut-hulu \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hilir \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hulu \
  --topic rujukan.inbox.kh-puskesmas-empanang \
  --topic rujukan.inbox.kh-puskesmas-hulu-gurung \
  --topic rujukan.inbox.kh-puskesmas-jongkong \
  --topic rujukan.inbox.kh-puskesmas-kalis \
  --topic rujukan.inbox.kh-puskesmas-mentebah \
  --topic rujukan.inbox.kh-puskesmas-pengkadan \
  --topic rujukan.inbox.kh-puskesmas-puring-kencana \
  --topic rujukan.inbox.kh-puskesmas-putussibau-selatan \
  --topic rujukan.inbox.kh-puskesmas-putussibau-utara \
  --topic rujukan.inbox.kh-puskesmas-seberuang \
  --topic rujukan.inbox.kh-puskesmas-semitau \
  --topic rujukan.inbox.kh-puskesmas-silat-hilir \
  --topic rujukan.inbox.kh-puskesmas-silat-hulu \
  --topic rujukan.inbox.kh-puskesmas-suhaid \
  --topic rujukan.inbox.kh-rsud \
  --topic rujukan.inbox.kh-satpol-pp
acl --allow-principal User:kh-puskesmas-selimbau --operation Describe \
  --resource-pattern-type prefixed \
  --topic rujukan.
acl --allow-principal User:kh-puskesmas-semitau --operation Read \
  --topic rujukan.inbox.kh-puskesmas-semitau \
  --topic rujukan.broker.incarnation
acl --allow-principal User:kh-puskesmas-semitau --operation Read \
  --group rujukan.kh-puskesmas-semitau
acl --allow-principal User:kh-puskesmas-semitau --operation Write \
  --topic rujukan.dlq.kh-puskesmas-semitau \
  --topic rujukan.inbox.kh-bagian-hukum \
  --topic rujukan.inbox.kh-dinsos \
  --topic rujukan.inbox.kh-disdikbud \
  --topic rujukan.inbox.kh-hub \
  --topic rujukan.inbox.kh-imigrasi \
  --topic rujukan.inbox.kh-polres \
  --topic rujukan.inbox.kh-puskesmas-badau \
  --topic rujukan.inbox.kh-puskesmas-batang-lupar \
  --topic rujukan.inbox.kh-puskesmas-bika \
  --topic rujukan.inbox.kh-puskesmas-boyan-tanjung \
  --topic rujukan.inbox.kh-puskesmas-bunut-hilir \
  --topic rujukan.inbox.kh-puskesmas-bunut-hulu \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hilir \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hulu \
  --topic rujukan.inbox.kh-puskesmas-empanang \
  --topic rujukan.inbox.kh-puskesmas-hulu-gurung \
  --topic rujukan.inbox.kh-puskesmas-jongkong \
  --topic rujukan.inbox.kh-puskesmas-kalis \
  --topic rujukan.inbox.kh-puskesmas-mentebah \
  --topic rujukan.inbox.kh-puskesmas-pengkadan \
  --topic rujukan.inbox.kh-puskesmas-puring-kencana \
  --topic rujukan.inbox.kh-puskesmas-putussibau-selatan \
  --topic rujukan.inbox.kh-puskesmas-putussibau-utara \
  --topic rujukan.inbox.kh-puskesmas-seberuang \
  --topic rujukan.inbox.kh-puskesmas-selimbau \
  --topic rujukan.inbox.kh-puskesmas-silat-hilir \
  --topic rujukan.inbox.kh-puskesmas-silat-hulu \
  --topic rujukan.inbox.kh-puskesmas-suhaid \
  --topic rujukan.inbox.kh-rsud \
  --topic rujukan.inbox.kh-satpol-pp
acl --allow-principal User:kh-puskesmas-semitau --operation Describe \
  --resource-pattern-type prefixed \
  --topic rujukan.
acl --allow-principal User:kh-puskesmas-silat-hilir --operation Read \
  --topic rujukan.inbox.kh-puskesmas-silat-hilir \
  --topic rujukan.broker.incarnation
acl --allow-principal User:kh-puskesmas-silat-hilir --operation Read \
  --group rujukan.kh-puskesmas-silat-hilir
acl --allow-principal User:kh-puskesmas-silat-hilir --operation Write \
  --topic rujukan.dlq.kh-puskesmas-silat-hilir \
  --topic rujukan.inbox.kh-bagian-hukum \
  --topic rujukan.inbox.kh-dinsos \
  --topic rujukan.inbox.kh-disdikbud \
  --topic rujukan.inbox.kh-hub \
  --topic rujukan.inbox.kh-imigrasi \
  --topic rujukan.inbox.kh-polres \
  --topic rujukan.inbox.kh-puskesmas-badau \
  --topic rujukan.inbox.kh-puskesmas-batang-lupar \
  --topic rujukan.inbox.kh-puskesmas-bika \
  --topic rujukan.inbox.kh-puskesmas-boyan-tanjung \
  --topic rujukan.inbox.kh-puskesmas-bunut-hilir \
  --topic rujukan.inbox.kh-puskesmas-bunut-hulu \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hilir \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hulu \
  --topic rujukan.inbox.kh-puskesmas-empanang \
  --topic rujukan.inbox.kh-puskesmas-hulu-gurung \
  --topic rujukan.inbox.kh-puskesmas-jongkong \
  --topic rujukan.inbox.kh-puskesmas-kalis \
  --topic rujukan.inbox.kh-puskesmas-mentebah \
  --topic rujukan.inbox.kh-puskesmas-pengkadan \
  --topic rujukan.inbox.kh-puskesmas-puring-kencana \
  --topic rujukan.inbox.kh-puskesmas-putussibau-selatan \
  --topic rujukan.inbox.kh-puskesmas-putussibau-utara \
  --topic rujukan.inbox.kh-puskesmas-seberuang \
  --topic rujukan.inbox.kh-puskesmas-selimbau \
  --topic rujukan.inbox.kh-puskesmas-semitau \
  --topic rujukan.inbox.kh-puskesmas-silat-hulu \
  --topic rujukan.inbox.kh-puskesmas-suhaid \
  --topic rujukan.inbox.kh-rsud \
  --topic rujukan.inbox.kh-satpol-pp
acl --allow-principal User:kh-puskesmas-silat-hilir --operation Describe \
  --resource-pattern-type prefixed \
  --topic rujukan.
acl --allow-principal User:kh-puskesmas-silat-hulu --operation Read \
  --topic rujukan.inbox.kh-puskesmas-silat-hulu \
  --topic rujukan.broker.incarnation
acl --allow-principal User:kh-puskesmas-silat-hulu --operation Read \
  --group rujukan.kh-puskesmas-silat-hulu
acl --allow-principal User:kh-puskesmas-silat-hulu --operation Write \
  --topic rujukan.dlq.kh-puskesmas-silat-hulu \
  --topic rujukan.inbox.kh-bagian-hukum \
  --topic rujukan.inbox.kh-dinsos \
  --topic rujukan.inbox.kh-disdikbud \
  --topic rujukan.inbox.kh-hub \
  --topic rujukan.inbox.kh-imigrasi \
  --topic rujukan.inbox.kh-polres \
  --topic rujukan.inbox.kh-puskesmas-badau \
  --topic rujukan.inbox.kh-puskesmas-batang-lupar \
  --topic rujukan.inbox.kh-puskesmas-bika \
  --topic rujukan.inbox.kh-puskesmas-boyan-tanjung \
  --topic rujukan.inbox.kh-puskesmas-bunut-hilir \
  --topic rujukan.inbox.kh-puskesmas-bunut-hulu \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hilir \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hulu \
  --topic rujukan.inbox.kh-puskesmas-empanang \
  --topic rujukan.inbox.kh-puskesmas-hulu-gurung \
  --topic rujukan.inbox.kh-puskesmas-jongkong \
  --topic rujukan.inbox.kh-puskesmas-kalis \
  --topic rujukan.inbox.kh-puskesmas-mentebah \
  --topic rujukan.inbox.kh-puskesmas-pengkadan \
  --topic rujukan.inbox.kh-puskesmas-puring-kencana \
  --topic rujukan.inbox.kh-puskesmas-putussibau-selatan \
  --topic rujukan.inbox.kh-puskesmas-putussibau-utara \
  --topic rujukan.inbox.kh-puskesmas-seberuang \
  --topic rujukan.inbox.kh-puskesmas-selimbau \
  --topic rujukan.inbox.kh-puskesmas-semitau \
  --topic rujukan.inbox.kh-puskesmas-silat-hilir \
  --topic rujukan.inbox.kh-puskesmas-suhaid \
  --topic rujukan.inbox.kh-rsud \
  --topic rujukan.inbox.kh-satpol-pp
acl --allow-principal User:kh-puskesmas-silat-hulu --operation Describe \
  --resource-pattern-type prefixed \
  --topic rujukan.
acl --allow-principal User:kh-puskesmas-suhaid --operation Read \
  --topic rujukan.inbox.kh-puskesmas-suhaid \
  --topic rujukan.broker.incarnation
acl --allow-principal User:kh-puskesmas-suhaid --operation Read \
  --group rujukan.kh-puskesmas-suhaid
acl --allow-principal User:kh-puskesmas-suhaid --operation Write \
  --topic rujukan.dlq.kh-puskesmas-suhaid \
  --topic rujukan.inbox.kh-bagian-hukum \
  --topic rujukan.inbox.kh-dinsos \
  --topic rujukan.inbox.kh-disdikbud \
  --topic rujukan.inbox.kh-hub \
  --topic rujukan.inbox.kh-imigrasi \
  --topic rujukan.inbox.kh-polres \
  --topic rujukan.inbox.kh-puskesmas-badau \
  --topic rujukan.inbox.kh-puskesmas-batang-lupar \
  --topic rujukan.inbox.kh-puskesmas-bika \
  --topic rujukan.inbox.kh-puskesmas-boyan-tanjung \
  --topic rujukan.inbox.kh-puskesmas-bunut-hilir \
  --topic rujukan.inbox.kh-puskesmas-bunut-hulu \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hilir \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hulu \
  --topic rujukan.inbox.kh-puskesmas-empanang \
  --topic rujukan.inbox.kh-puskesmas-hulu-gurung \
  --topic rujukan.inbox.kh-puskesmas-jongkong \
  --topic rujukan.inbox.kh-puskesmas-kalis \
  --topic rujukan.inbox.kh-puskesmas-mentebah \
  --topic rujukan.inbox.kh-puskesmas-pengkadan \
  --topic rujukan.inbox.kh-puskesmas-puring-kencana \
  --topic rujukan.inbox.kh-puskesmas-putussibau-selatan \
  --topic rujukan.inbox.kh-puskesmas-putussibau-utara \
  --topic rujukan.inbox.kh-puskesmas-seberuang \
  --topic rujukan.inbox.kh-puskesmas-selimbau \
  --topic rujukan.inbox.kh-puskesmas-semitau \
  --topic rujukan.inbox.kh-puskesmas-silat-hilir \
  --topic rujukan.inbox.kh-puskesmas-silat-hulu \
  --topic rujukan.inbox.kh-rsud \
  --topic rujukan.inbox.kh-satpol-pp
acl --allow-principal User:kh-puskesmas-suhaid --operation Describe \
  --resource-pattern-type prefixed \
  --topic rujukan.
acl --allow-principal User:kh-disdikbud --operation Read \
  --topic rujukan.inbox.kh-disdikbud \
  --topic rujukan.broker.incarnation
acl --allow-principal User:kh-disdikbud --operation Read \
  --group rujukan.kh-disdikbud
acl --allow-principal User:kh-disdikbud --operation Write \
  --topic rujukan.dlq.kh-disdikbud \
  --topic rujukan.inbox.kh-bagian-hukum \
  --topic rujukan.inbox.kh-dinsos \
  --topic rujukan.inbox.kh-hub \
  --topic rujukan.inbox.kh-imigrasi \
  --topic rujukan.inbox.kh-polres \
  --topic rujukan.inbox.kh-puskesmas-badau \
  --topic rujukan.inbox.kh-puskesmas-batang-lupar \
  --topic rujukan.inbox.kh-puskesmas-bika \
  --topic rujukan.inbox.kh-puskesmas-boyan-tanjung \
  --topic rujukan.inbox.kh-puskesmas-bunut-hilir \
  --topic rujukan.inbox.kh-puskesmas-bunut-hulu \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hilir \
  --topic rujukan.inbox.kh-puskesmas-embaloh-hulu \
  --topic rujukan.inbox.kh-puskesmas-empanang \
  --topic rujukan.inbox.kh-puskesmas-hulu-gurung \
  --topic rujukan.inbox.kh-puskesmas-jongkong \
  --topic rujukan.inbox.kh-puskesmas-kalis \
  --topic rujukan.inbox.kh-puskesmas-mentebah \
  --topic rujukan.inbox.kh-puskesmas-pengkadan \
  --topic rujukan.inbox.kh-puskesmas-puring-kencana \
  --topic rujukan.inbox.kh-puskesmas-putussibau-selatan \
  --topic rujukan.inbox.kh-puskesmas-putussibau-utara \
  --topic rujukan.inbox.kh-puskesmas-seberuang \
  --topic rujukan.inbox.kh-puskesmas-selimbau \
  --topic rujukan.inbox.kh-puskesmas-semitau \
  --topic rujukan.inbox.kh-puskesmas-silat-hilir \
  --topic rujukan.inbox.kh-puskesmas-silat-hulu \
  --topic rujukan.inbox.kh-puskesmas-suhaid \
  --topic rujukan.inbox.kh-rsud \
  --topic rujukan.inbox.kh-satpol-pp \
  --topic rujukan.journal.kh-disdikbud
acl --allow-principal User:kh-disdikbud --operation Describe \
  --resource-pattern-type prefixed \
  --topic rujukan.
