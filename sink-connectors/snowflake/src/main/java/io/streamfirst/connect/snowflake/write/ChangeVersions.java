// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.snowflake.write;

import io.streamfirst.connect.sink.ChangeView;
import io.streamfirst.connect.sink.SourcePositions;
import io.streamfirst.connect.snowflake.SnowflakeSinkConfig;
import io.streamfirst.connect.snowflake.SnowflakeSinkConfig.VersionSource;
import java.math.BigDecimal;
import org.apache.kafka.connect.errors.DataException;

/**
 * The version of a change in CDC mode, an unsigned 64-bit number: its Kafka offset, or its source position
 * packed by {@link SourcePositions}, as the ClickHouse sink packs it, so that both order a source's changes alike.
 */
public final class ChangeVersions {

  private final VersionSource source;

  public ChangeVersions(VersionSource source) {
    this.source = source;
  }

  /** True when the version comes from the record's position header, not its offset. */
  public boolean fromSource() {
    return source == VersionSource.SOURCE_POSITION;
  }

  /**
   * The version of {@code change}.
   *
   * @throws DataException when the source position is missing or not understood
   */
  public BigDecimal of(ChangeView change) {
    if (source == VersionSource.KAFKA_OFFSET) {
      return BigDecimal.valueOf(change.record().kafkaOffset());
    }
    String position = change.sourcePosition();
    if (position == null || position.isBlank()) {
      throw new DataException("Record at " + change.coordinates() + " has no sf.source.pos header, which "
          + SnowflakeSinkConfig.VERSION_SOURCE + "=source.position needs; use kafka.offset or a Streamfirst CDC"
          + " source");
    }
    Long version;
    try {
      version = SourcePositions.parse(position.strip());
    } catch (IllegalArgumentException e) {
      throw new DataException("Record at " + change.coordinates() + " has an sf.source.pos header that does not fit"
          + " a 64-bit version: " + e.getMessage() + "; use " + SnowflakeSinkConfig.VERSION_SOURCE + "=kafka.offset");
    }
    if (version == null) {
      throw new DataException("Record at " + change.coordinates() + " has an sf.source.pos header that is neither a"
          + " number, a PostgreSQL LSN (X/Y) nor a MySQL binlog position (file:pos:event:row or file:pos); use "
          + SnowflakeSinkConfig.VERSION_SOURCE + "=kafka.offset");
    }
    return new BigDecimal(Long.toUnsignedString(version));
  }
}
