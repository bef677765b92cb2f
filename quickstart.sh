#!/usr/bin/env bash
# Builds Ferry, then starts two local Kafka clusters, a Connect worker with Ferry and its monitoring extension,
# the mirror, checkpoint and heartbeat connectors and traffic, and prints a live line of lag and throughput.
# Ctrl-C stops everything. Flags (./quickstart.sh --help): --rest-port, --run-seconds, and --source-bootstrap /
# --target-bootstrap / --config to use existing clusters instead.
set -euo pipefail
cd "$(dirname "$0")"
DATA="$PWD/quickstart-data"
mkdir -p "$DATA"
echo "Building Ferry (first run downloads dependencies)..."
mvn -B -q -DskipTests install
mvn -B -q -pl integration-tests dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$DATA/classpath.txt"
exec java -Xmx1g -Djava.io.tmpdir="$DATA" -Dferry.test.log.dir="$DATA" \
  -Dferry.plugin.path="$PWD/distribution/target/plugins" \
  -Dlog4j2.configurationFile="$PWD/.ci/log4j2-test.properties" \
  -cp "$PWD/integration-tests/target/test-classes:$(cat "$DATA/classpath.txt")" \
  dev.ferry.quickstart.Quickstart "$@"
