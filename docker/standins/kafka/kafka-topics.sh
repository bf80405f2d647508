#!/bin/bash
# As the official image's kafka-topics.sh, for healthchecks and inspection.
exec java -Xmx128m -cp '/opt/kafka/libs/*' org.apache.kafka.tools.TopicCommand "$@"
