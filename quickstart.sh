#!/usr/bin/env bash
# Builds Ferry, then starts two local Kafka clusters, a Connect worker with Ferry, a mirror connector and
# traffic, and prints a live line of what the target holds. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")"
echo "Building Ferry (first run downloads dependencies)..."
mvn -B -q -DskipTests install
mkdir -p quickstart-data
exec mvn -B -q -pl integration-tests exec:exec@quickstart
