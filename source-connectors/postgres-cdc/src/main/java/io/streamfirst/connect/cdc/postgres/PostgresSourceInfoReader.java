// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.postgres;

import io.streamfirst.connect.cdc.common.ChangeLineage;
import io.streamfirst.connect.cdc.common.SourceInfoReader;
import io.streamfirst.connect.common.ChangeEvents;
import java.util.Objects;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;

/**
 * Lineage of a PostgreSQL change: origin {@code postgres://host:port/db/schema.table}, commit time
 * from {@code source.ts_ms}, the LSN in PostgreSQL's own {@code XXX/XXXXXXXX} text form and the
 * transaction id. Records without a source block (heartbeats) get the LSN and transaction id of
 * their source offset and the database as origin.
 */
public final class PostgresSourceInfoReader implements SourceInfoReader {

  static final String LSN = "lsn";
  static final String TX_ID = "txId";
  static final String DB = "db";
  static final String SCHEMA = "schema";
  static final String TABLE = "table";

  private final String serverUri;
  private final String database;
  /** The last origin built, reused while records come from the same table (one allocation per table run). */
  private String lastDb;
  private String lastSchema;
  private String lastTable;
  private String lastOrigin;

  /**
   * @param host {@code database.hostname} as configured
   * @param port {@code database.port}
   * @param database {@code database.dbname}, used when a record does not name its database
   */
  public PostgresSourceInfoReader(String host, int port, String database) {
    this.serverUri = "postgres://" + host + ":" + port + "/";
    this.database = database;
  }

  @Override
  public ChangeLineage read(Struct source, Map<String, ?> sourceOffset) {
    Long lsn = ChangeEvents.longField(source, LSN);
    if (lsn == null) {
      lsn = asLong(sourceOffset.get(LSN));
    }
    String tx = ChangeEvents.stringField(source, TX_ID);
    if (tx == null && sourceOffset.get(TX_ID) != null) {
      tx = sourceOffset.get(TX_ID).toString();
    }
    return new ChangeLineage(origin(source), ChangeEvents.longField(source, ChangeEvents.TS_MS),
        lsn == null ? null : formatLsn(lsn), tx);
  }

  private String origin(Struct source) {
    String db = ChangeEvents.stringField(source, DB);
    String schema = ChangeEvents.stringField(source, SCHEMA);
    String table = ChangeEvents.stringField(source, TABLE);
    if (lastOrigin != null && Objects.equals(db, lastDb) && Objects.equals(schema, lastSchema)
        && Objects.equals(table, lastTable)) {
      return lastOrigin;
    }
    String base = serverUri + (db != null ? db : database);
    lastDb = db;
    lastSchema = schema;
    lastTable = table;
    lastOrigin = schema != null && table != null ? base + "/" + schema + "." + table : base;
    return lastOrigin;
  }

  /** An LSN as PostgreSQL prints it: the high and low 32 bits in upper-case hex, e.g. {@code 0/16B3748}. */
  public static String formatLsn(long lsn) {
    char[] text = new char[17];
    int end = appendHex(text, 0, lsn >>> 32);
    text[end++] = '/';
    end = appendHex(text, end, lsn & 0xFFFFFFFFL);
    return new String(text, 0, end);
  }

  /** Writes {@code value} (at most 32 bits) in upper-case hex without leading zeros at {@code at}. */
  private static int appendHex(char[] text, int at, long value) {
    int digits = Math.max(1, (64 - Long.numberOfLeadingZeros(value) + 3) / 4);
    for (int i = digits - 1; i >= 0; i--) {
      text[at + i] = UPPER_HEX[(int) (value & 0xF)];
      value >>>= 4;
    }
    return at + digits;
  }

  private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();

  private static Long asLong(Object value) {
    return value instanceof Number number ? number.longValue() : null;
  }
}
