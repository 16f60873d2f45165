// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.mysql;

import io.streamfirst.connect.cdc.common.ChangeLineage;
import io.streamfirst.connect.cdc.common.SourceInfoReader;
import io.streamfirst.connect.common.ChangeEvents;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.connect.data.Struct;

/**
 * Lineage of a MySQL or MariaDB change: origin {@code mysql://host:port/db.table}, commit time from
 * {@code source.ts_ms}, the change's binlog position {@code file:pos:event:row} (Debezium's resume
 * position: transaction start, row event in the transaction, row in the event), and the
 * transaction: its GTID when the server assigns one (MariaDB always, MySQL with {@code gtid_mode=ON}),
 * else {@code file:pos} of the transaction's start. Snapshot reads have no transaction. Records
 * without a source block (heartbeats) get the position of their source offset and the server as origin.
 */
public final class MySqlSourceInfoReader implements SourceInfoReader {

  static final String FILE = "file";
  static final String POS = "pos";
  static final String ROW = "row";
  static final String EVENT = "event";
  static final String GTID = "gtid";
  static final String DB = "db";
  static final String TABLE = "table";
  static final String SNAPSHOT = "snapshot";

  private final String serverUri;
  /** The last origin built, reused while records come from the same table (one allocation per table run). */
  private String lastDb;
  private String lastTable;
  private String lastOrigin;

  /**
   * @param host {@code database.hostname} as configured
   * @param port {@code database.port}
   */
  public MySqlSourceInfoReader(String host, int port) {
    this.serverUri = "mysql://" + host + ":" + port;
  }

  @Override
  public ChangeLineage read(Struct source, Map<String, ?> sourceOffset) {
    String transactionStart = position(asString(sourceOffset.get(FILE)), asLong(sourceOffset.get(POS)));
    String position = changePosition(transactionStart, sourceOffset);
    if (position == null) {
      position = position(ChangeEvents.stringField(source, FILE), ChangeEvents.longField(source, POS));
    }
    return new ChangeLineage(origin(source), ChangeEvents.longField(source, ChangeEvents.TS_MS), position,
        transaction(source, transactionStart));
  }

  /**
   * {@code file:pos:event:row} from the source offset: where the change's transaction starts, which row
   * event of the transaction, which row of the event. The row event's own position ({@code source.pos})
   * does not tell every change apart (several statements' rows may share it), while this is the position
   * Debezium itself resumes from, so it is unique per change and the same when a change is read again.
   */
  private static String changePosition(String transactionStart, Map<String, ?> sourceOffset) {
    if (transactionStart == null) {
      return null;
    }
    Long event = asLong(sourceOffset.get(EVENT));
    Long row = asLong(sourceOffset.get(ROW));
    return transactionStart + ":" + (event == null ? 0 : event) + ":" + (row == null ? 0 : row);
  }

  private String origin(Struct source) {
    String db = ChangeEvents.stringField(source, DB);
    String table = ChangeEvents.stringField(source, TABLE);
    if (lastOrigin != null && Objects.equals(db, lastDb) && Objects.equals(table, lastTable)) {
      return lastOrigin;
    }
    lastDb = db;
    lastTable = table;
    if (db == null || db.isEmpty()) {
      lastOrigin = serverUri;
    } else {
      lastOrigin = table == null || table.isEmpty() ? serverUri + "/" + db : serverUri + "/" + db + "." + table;
    }
    return lastOrigin;
  }

  private static String transaction(Struct source, String transactionStart) {
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
    return transactionStart;
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
