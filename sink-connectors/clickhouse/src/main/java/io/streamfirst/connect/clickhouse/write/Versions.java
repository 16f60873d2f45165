package io.streamfirst.connect.clickhouse.write;

import io.streamfirst.connect.clickhouse.ClickHouseSinkConfig;
import io.streamfirst.connect.clickhouse.ClickHouseSinkConfig.VersionSource;
import io.streamfirst.connect.sink.ChangeView;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.connect.errors.DataException;

/** The CDC version of a change: its Kafka offset, or its source position read as an unsigned number. */
public final class Versions {

  private static final Pattern LSN = Pattern.compile("([0-9A-Fa-f]{1,8})/([0-9A-Fa-f]{1,8})");
  private static final Pattern BINLOG = Pattern.compile(".*?\\.(\\d{1,9}):(\\d{1,10})");

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
          + ClickHouseSinkConfig.VERSION_SOURCE + "=source.position needs; use kafka.offset or a Streamfirst CDC source");
    }
    Long parsed = parse(position.strip());
    if (parsed == null) {
      throw new DataException("Record at " + change.coordinates() + " has an sf.source.pos header that is neither a"
          + " number, a PostgreSQL LSN (X/Y) nor a MySQL binlog file:position; use "
          + ClickHouseSinkConfig.VERSION_SOURCE + "=kafka.offset");
    }
    return parsed;
  }

  /** A number, a PostgreSQL LSN {@code X/Y} (hex), or {@code binlog.NNNNNN:pos}; null when none of these. */
  static Long parse(String position) {
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
      long pos = Long.parseLong(binlog.group(2));
      if (pos <= 0xFFFFFFFFL) {
        return (Long.parseLong(binlog.group(1)) << 32) | pos;
      }
    }
    return null;
  }
}
