package io.streamfirst.connect.cdc.postgres;

import io.streamfirst.connect.cdc.common.ChangeEvents;
import io.streamfirst.connect.cdc.common.ChangeLineage;
import io.streamfirst.connect.cdc.common.SourceInfoReader;
import java.util.Locale;
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
    String base = serverUri + (db != null ? db : database);
    return schema != null && table != null ? base + "/" + schema + "." + table : base;
  }

  /** An LSN as PostgreSQL prints it: the high and low 32 bits in upper-case hex, e.g. {@code 0/16B3748}. */
  public static String formatLsn(long lsn) {
    return Long.toHexString(lsn >>> 32).toUpperCase(Locale.ROOT) + "/"
        + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase(Locale.ROOT);
  }

  private static Long asLong(Object value) {
    return value instanceof Number number ? number.longValue() : null;
  }
}
