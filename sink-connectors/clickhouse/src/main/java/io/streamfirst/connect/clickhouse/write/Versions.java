// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse.write;

import io.streamfirst.connect.clickhouse.ClickHouseSinkConfig;
import io.streamfirst.connect.clickhouse.ClickHouseSinkConfig.VersionSource;
import io.streamfirst.connect.sink.ChangeView;
import io.streamfirst.connect.sink.SourcePositions;
import org.apache.kafka.connect.errors.DataException;

/**
 * The CDC version of a change: its Kafka offset, or its source position packed by {@link SourcePositions}.
 */
public final class Versions {

  private final VersionSource source;

  public Versions(VersionSource source) {
    this.source = source;
  }

  public long of(ChangeView change) {
    if (source == VersionSource.KAFKA_OFFSET) {
      return change.record().originalKafkaOffset();
    }
    String position = change.sourcePosition();
    if (position == null || position.isBlank()) {
      throw new DataException("Record at " + change.coordinates() + " has no sf.source.pos header, which "
          + ClickHouseSinkConfig.VERSION_SOURCE
          + "=source.position needs; use kafka.offset or a Streamfirst CDC source");
    }
    Long parsed;
    try {
      parsed = SourcePositions.parse(position.strip());
    } catch (IllegalArgumentException e) {
      throw new DataException("Record at " + change.coordinates() + " has an sf.source.pos header that does not fit"
          + " a 64-bit version: " + e.getMessage() + "; use " + ClickHouseSinkConfig.VERSION_SOURCE + "=kafka.offset");
    }
    if (parsed == null) {
      throw new DataException("Record at " + change.coordinates() + " has an sf.source.pos header that is neither a"
          + " number, a PostgreSQL LSN (X/Y) nor a MySQL binlog position (file:pos:event:row or file:pos); use "
          + ClickHouseSinkConfig.VERSION_SOURCE + "=kafka.offset");
    }
    return parsed;
  }

}
