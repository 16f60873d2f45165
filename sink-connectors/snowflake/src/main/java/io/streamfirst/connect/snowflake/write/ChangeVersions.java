// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.snowflake.write;

import io.streamfirst.connect.sink.ChangeView;
import io.streamfirst.connect.snowflake.SnowflakeSinkConfig;
import io.streamfirst.connect.snowflake.SnowflakeSinkConfig.VersionSource;
import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.connect.errors.DataException;

/**
 * The version of a change in CDC mode, an unsigned 64-bit number: its Kafka offset, or its source position
 * in the same packing as the ClickHouse sink's versions, so that both order a source's changes alike:
 * a PostgreSQL LSN {@code X/Y} is {@code X << 32 | Y}; a MySQL/MariaDB position {@code file:pos[:event:row]}
 * is {@code fileIndex << 44 | (pos >> 5) << 19 | min(event, 2^19 - 1)}; a plain number is itself.
 */
public final class ChangeVersions {

  private static final int POSITION_SHIFT = 5;
  private static final int POSITION_BITS = 25;
  private static final int EVENT_BITS = 19;
  private static final long MAX_FILE_INDEX = (1L << 20) - 1;
  private static final long POSITION_LIMIT = 1L << (POSITION_BITS + POSITION_SHIFT);
  private static final long MAX_EVENT = (1L << EVENT_BITS) - 1;
  private static final Pattern LSN = Pattern.compile("([0-9A-Fa-f]{1,8})/([0-9A-Fa-f]{1,8})");
  private static final Pattern BINLOG = Pattern.compile(".*\\.(\\d{1,10}):(\\d{1,18})(?::(\\d{1,18}):(\\d{1,18}))?");

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
    Long version = parse(position.strip(), change);
    if (version == null) {
      throw new DataException("Record at " + change.coordinates() + " has an sf.source.pos header that is neither a"
          + " number, a PostgreSQL LSN (X/Y) nor a MySQL binlog position (file:pos:event:row or file:pos); use "
          + SnowflakeSinkConfig.VERSION_SOURCE + "=kafka.offset");
    }
    return new BigDecimal(Long.toUnsignedString(version));
  }

  private static Long parse(String position, ChangeView change) {
    if (position.matches("\\d{1,20}")) {
      try {
        return Long.parseUnsignedLong(position);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    Matcher lsn = LSN.matcher(position);
    if (lsn.matches()) {
      return (Long.parseLong(lsn.group(1), 16) << 32) | Long.parseLong(lsn.group(2), 16);
    }
    Matcher binlog = BINLOG.matcher(position);
    if (binlog.matches()) {
      long file = Long.parseLong(binlog.group(1));
      long pos = Long.parseLong(binlog.group(2));
      long event = binlog.group(3) == null ? 0 : Long.parseLong(binlog.group(3));
      if (file > MAX_FILE_INDEX || pos >= POSITION_LIMIT) {
        throw new DataException("Record at " + change.coordinates() + " has a binlog position beyond what a 64-bit"
            + " version holds (file index up to " + MAX_FILE_INDEX + ", positions below 1 GiB); use "
            + SnowflakeSinkConfig.VERSION_SOURCE + "=kafka.offset");
      }
      return file << (POSITION_BITS + EVENT_BITS) | (pos >>> POSITION_SHIFT) << EVENT_BITS | Math.min(event, MAX_EVENT);
    }
    return null;
  }
}
