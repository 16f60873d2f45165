// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.snowflake.sql;

/** The change rows of one topic-partition up to and including a Kafka offset. */
public record ChangeBound(String topic, int partition, long offset) {
}
