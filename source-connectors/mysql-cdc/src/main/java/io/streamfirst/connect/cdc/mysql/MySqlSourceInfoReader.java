package io.streamfirst.connect.cdc.mysql;

import io.streamfirst.connect.cdc.common.ChangeEvents;
import io.streamfirst.connect.cdc.common.ChangeLineage;
import io.streamfirst.connect.cdc.common.SourceInfoReader;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;

/**
 * Lineage of a MySQL or MariaDB change: origin {@code mysql://host:port/db.table}, commit time from
 * {@code source.ts_ms}, the binlog position {@code file:pos} of the change's row event, and the
 * transaction: its GTID when the server assigns one (MariaDB always, MySQL with {@code gtid_mode=ON}),
 * else {@code file:pos} of the transaction's start. Snapshot reads have no transaction. Records
 * without a source block (heartbeats) get the position of their source offset and the server as origin.
 */
public final class MySqlSourceInfoReader implements SourceInfoReader {

  static final String FILE = "file";
  static final String POS = "pos";
  static final String GTID = "gtid";
  static final String DB = "db";
  static final String TABLE = "table";
  static final String SNAPSHOT = "snapshot";

  private final String serverUri;

  /**
   * @param host {@code database.hostname} as configured
   * @param port {@code database.port}
   */
  public MySqlSourceInfoReader(String host, int port) {
    this.serverUri = "mysql://" + host + ":" + port;
  }

  @Override
  public ChangeLineage read(Struct source, Map<String, ?> sourceOffset) {
    String position = position(ChangeEvents.stringField(source, FILE), ChangeEvents.longField(source, POS));
    if (position == null) {
      position = position(asString(sourceOffset.get(FILE)), asLong(sourceOffset.get(POS)));
    }
    return new ChangeLineage(origin(source), ChangeEvents.longField(source, ChangeEvents.TS_MS), position,
        transaction(source, sourceOffset));
  }

  private String origin(Struct source) {
    String db = ChangeEvents.stringField(source, DB);
    String table = ChangeEvents.stringField(source, TABLE);
    if (db == null || db.isEmpty()) {
      return serverUri;
    }
    return table == null || table.isEmpty() ? serverUri + "/" + db : serverUri + "/" + db + "." + table;
  }

  private static String transaction(Struct source, Map<String, ?> sourceOffset) {
    if (source == null) {
      return null;
    }
    String snapshot = ChangeEvents.stringField(source, SNAPSHOT);
    if (snapshot != null && !"false".equals(snapshot)) {
      return null; // snapshot and backfill reads belong to no source transaction
    }
    String gtid = ChangeEvents.stringField(source, GTID);
    if (gtid != null && !gtid.isEmpty()) {
      return gtid;
    }
    return position(asString(sourceOffset.get(FILE)), asLong(sourceOffset.get(POS)));
  }

  private static String position(String file, Long pos) {
    return file == null || file.isEmpty() || pos == null ? null : file + ":" + pos;
  }

  private static String asString(Object value) {
    return value == null ? null : value.toString();
  }

  private static Long asLong(Object value) {
    return value instanceof Number number ? number.longValue() : null;
  }
}
