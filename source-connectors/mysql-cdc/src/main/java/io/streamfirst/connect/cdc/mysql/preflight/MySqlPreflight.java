// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.mysql.preflight;

import io.streamfirst.connect.cdc.common.PreflightReport;
import io.streamfirst.connect.cdc.mysql.MySqlFailures;
import io.streamfirst.connect.cdc.mysql.ServerFlavor;
import io.streamfirst.connect.cdc.mysql.preflight.ServerConnections.Failure;
import io.streamfirst.connect.cdc.mysql.preflight.ServerConnections.Target;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The preflight checks of the MySQL/MariaDB CDC source, each attached to the config key a user has to
 * change to fix it. Runs over one short JDBC connection; never puts the password into a message.
 */
public final class MySqlPreflight {

  public static final String SERVER_ID = "database.server.id";
  public static final String TABLE_INCLUDE_LIST = "table.include.list";
  public static final String SERVER_FLAVOR = "streamfirst.server.flavor";

  /** A table in a database. */
  public record TableName(String database, String table) {
    @Override
    public String toString() {
      return database + "." + table;
    }
  }

  /** What to do about captured tables without a primary key. */
  public enum PrimaryKeyCheck {
    WARN, FAIL, IGNORE
  }

  /**
   * The settings the checks need, read from the effective configuration.
   *
   * @param flavor the configured flavour ({@link ServerFlavor#AUTO} to accept what the server is)
   * @param serverId {@code database.server.id}
   * @param snapshotLocks whether the snapshot takes a global or table read lock (a data snapshot with
   *     {@code snapshot.locking.mode} minimal or extended)
   */
  public record Settings(Target target, ServerFlavor flavor, long serverId, boolean snapshotLocks) {
  }

  private final Settings settings;
  private ServerFlavor detected;

  public MySqlPreflight(Settings settings) {
    this.settings = settings;
  }

  /** The flavour the server reported, once {@link #run} has connected; else null. */
  public ServerFlavor detectedFlavor() {
    return detected;
  }

  /**
   * The flavour of the server at {@code target}.
   *
   * @throws SQLException when it cannot be reached or refuses the login ({@link ServerConnections#classify} says why)
   */
  public static ServerFlavor detect(Target target) throws SQLException {
    try (Connection connection = ServerConnections.open(target)) {
      return ServerFlavor.ofVersion(queryString(connection, "SELECT VERSION()"));
    }
  }

  /**
   * Whether the server still has binlog file {@code file} ({@code SHOW BINARY LOGS}).
   *
   * @throws SQLException when it cannot be asked ({@link ServerConnections#classify} says why)
   */
  public static boolean hasBinlog(Target target, String file) throws SQLException {
    try (Connection connection = ServerConnections.open(target);
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SHOW BINARY LOGS")) {
      while (rs.next()) {
        if (file.equals(rs.getString(1))) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * Runs every check.
   *
   * @param captured which tables the connector's include/exclude lists select
   */
  public PreflightReport run(Predicate<TableName> captured, PrimaryKeyCheck primaryKeys) {
    PreflightReport report = new PreflightReport();
    Target target = settings.target();
    try (Connection connection = ServerConnections.open(target)) {
      String version = queryString(connection, "SELECT VERSION()");
      detected = ServerFlavor.ofVersion(version);
      if (settings.flavor() != ServerFlavor.AUTO && settings.flavor() != detected) {
        report.error(SERVER_FLAVOR, "The server at " + target.where() + " is " + detected.configName() + " ("
            + version + "), not " + settings.flavor().configName() + ". Set " + SERVER_FLAVOR + "="
            + detected.configName() + " or auto.");
      }
      checkBinlog(connection, report);
      checkServerId(connection, report);
      List<TableInfo> tables = capturedTables(connection, captured);
      checkPrivileges(connection, tables, report);
      if (primaryKeys != PrimaryKeyCheck.IGNORE) {
        checkPrimaryKeys(tables, primaryKeys, report);
      }
    } catch (SQLException e) {
      Failure failure = ServerConnections.classify(e, target);
      report.error(failure.key(), failure.message());
    } catch (RuntimeException e) {
      report.warning("Preflight could not finish: " + PreflightReport.redact(String.valueOf(e.getMessage()),
          target.password()));
    }
    return report;
  }

  private void checkBinlog(Connection connection, PreflightReport report) throws SQLException {
    String where = "The server at " + settings.target().where();
    String logBin = queryString(connection, "SELECT @@GLOBAL.log_bin");
    if (!"1".equals(logBin) && !"ON".equalsIgnoreCase(logBin)) {
      report.error(ServerConnections.HOSTNAME, where + " has its binary log off (log_bin=" + logBin + "), so there"
          + " are no changes to capture. Start it with --log-bin (MySQL 8 has it on unless --skip-log-bin or"
          + " --disable-log-bin is given; on managed services: enable binary logging / automated backups).");
      return;
    }
    String format = queryString(connection, "SELECT @@GLOBAL.binlog_format");
    if (!"ROW".equalsIgnoreCase(format)) {
      report.error(ServerConnections.HOSTNAME, where + " has binlog_format=" + format + "; change data capture"
          + " needs binlog_format=ROW. Run SET GLOBAL binlog_format = 'ROW' and put binlog_format=ROW into the"
          + " server configuration (sessions that are already open keep the old format until they reconnect).");
    }
    String image = queryString(connection, "SELECT @@GLOBAL.binlog_row_image");
    if (image != null && !"FULL".equalsIgnoreCase(image)) {
      report.error(ServerConnections.HOSTNAME, where + " has binlog_row_image=" + image + "; updates and deletes"
          + " would lack the columns they did not change. Run SET GLOBAL binlog_row_image = 'FULL' and put"
          + " binlog_row_image=FULL into the server configuration.");
    }
  }

  private void checkServerId(Connection connection, PreflightReport report) throws SQLException {
    long own = Long.parseLong(queryString(connection, "SELECT @@GLOBAL.server_id"));
    if (own == settings.serverId()) {
      report.error(SERVER_ID, "database.server.id=" + settings.serverId() + " is the server's own server_id; the"
          + " connector joins the replication topology as a replica and needs an id no other server or"
          + " replica uses. Choose another database.server.id (or leave it unset to derive one from the"
          + " connector name).");
      return;
    }
    for (String sql : List.of("SHOW REPLICA HOSTS", "SHOW SLAVE HOSTS")) {
      try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
        while (rs.next()) {
          if (rs.getLong("Server_id") == settings.serverId()) {
            report.error(SERVER_ID, "database.server.id=" + settings.serverId() + " is already used by replica "
                + rs.getString("Host") + ":" + rs.getString("Port") + " of this server; two clients with one id"
                + " disconnect each other. Choose another database.server.id.");
          }
        }
        return;
      } catch (SQLException e) {
        // Older servers know only one spelling; listing replicas may also need a privilege we do not ask for.
      }
    }
  }

  private void checkPrivileges(Connection connection, List<TableInfo> tables, PreflightReport report)
      throws SQLException {
    List<String> lines = new ArrayList<>();
    try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SHOW GRANTS")) {
      while (rs.next()) {
        lines.add(rs.getString(1));
      }
    }
    Grants grants = Grants.parse(lines);
    List<String> missing = new ArrayList<>();
    if (!grants.hasGlobal("REPLICATION SLAVE", "REPLICATION REPLICA")) {
      missing.add("REPLICATION SLAVE");
    }
    if (!grants.hasGlobal("REPLICATION CLIENT", "BINLOG MONITOR", "SUPER")) {
      missing.add(detected == ServerFlavor.MARIADB ? "BINLOG MONITOR" : "REPLICATION CLIENT");
    }
    List<String> databases = tables.stream().map(t -> t.name().database()).distinct().toList();
    if (settings.snapshotLocks() && !grants.hasGlobal("RELOAD") && !grants.hasOnEvery(databases, "LOCK TABLES")) {
      missing.add("RELOAD");
    }
    List<TableName> unreadable = new ArrayList<>();
    for (TableInfo table : tables) {
      if (!canSelect(connection, table.name())) {
        unreadable.add(table.name());
      }
    }
    String user = settings.target().user();
    if (!missing.isEmpty()) {
      String message = "User '" + user + "' lacks " + String.join(", ", missing) + " (needed to read the binary log"
          + (missing.contains("RELOAD") ? " and to lock tables for a consistent snapshot" : "") + "). Run GRANT "
          + String.join(", ", missing) + " ON *.* TO '" + user + "'@'<host>'"
          + (missing.contains("RELOAD")
              ? " (or grant LOCK TABLES, or set snapshot.locking.mode=none if no DDL"
                  + " runs during the snapshot)"
              : "")
          + ".";
      if (grants.hasRoles()) {
        report.warning(message + " The user has roles whose privileges this check does not see; if a role grants"
            + " them, ignore this.");
      } else {
        report.error(ServerConnections.USER, message);
      }
    }
    if (!unreadable.isEmpty()) {
      report.error(ServerConnections.USER, "User '" + user + "' may not SELECT from captured tables "
          + join(unreadable) + ". Run GRANT SELECT ON <db>.* TO '" + user + "'@'<host>' or narrow"
          + " table.include.list.");
    }
  }

  private static boolean canSelect(Connection connection, TableName table) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT 1 FROM " + quote(table.database()) + "." + quote(table.table())
            + " LIMIT 0")) {
      return true;
    } catch (SQLException e) {
      if (MySqlFailures.INSTANCE.deniesTable(e)) {
        return false;
      }
      throw e;
    }
  }

  private void checkPrimaryKeys(List<TableInfo> tables, PrimaryKeyCheck mode, PreflightReport report) {
    List<TableName> withoutKey = tables.stream().filter(t -> !t.primaryKey()).map(TableInfo::name).toList();
    if (withoutKey.isEmpty()) {
      return;
    }
    String problem = "Captured tables without a primary key: " + join(withoutKey) + ". Their change records have"
        + " no key, so a downstream upsert or delete cannot find the row and compaction cannot keep the latest"
        + " version. Add a primary key, or name key columns with message.key.columns.";
    if (mode == PrimaryKeyCheck.FAIL) {
      report.error(TABLE_INCLUDE_LIST, problem);
    } else {
      report.warning(problem);
    }
  }

  private record TableInfo(TableName name, boolean primaryKey) {
  }

  private static List<TableInfo> capturedTables(Connection connection, Predicate<TableName> captured)
      throws SQLException {
    List<TableInfo> out = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        // STATISTICS, not TABLE_CONSTRAINTS: MariaDB shows constraints only to users with more than SELECT.
        ResultSet rs = statement.executeQuery("SELECT t.TABLE_SCHEMA, t.TABLE_NAME, EXISTS (SELECT 1 FROM"
            + " information_schema.STATISTICS s WHERE s.TABLE_SCHEMA = t.TABLE_SCHEMA AND s.TABLE_NAME ="
            + " t.TABLE_NAME AND s.INDEX_NAME = 'PRIMARY') FROM information_schema.TABLES t"
            + " WHERE t.TABLE_TYPE = 'BASE TABLE' AND t.TABLE_SCHEMA NOT IN"
            + " ('mysql', 'sys', 'performance_schema', 'information_schema') ORDER BY 1, 2")) {
      while (rs.next()) {
        TableName name = new TableName(rs.getString(1), rs.getString(2));
        if (captured.test(name)) {
          out.add(new TableInfo(name, rs.getBoolean(3)));
        }
      }
    }
    return out;
  }

  private static String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }

  private static String join(List<TableName> tables) {
    return String.join(", ", tables.stream().map(TableName::toString).toList());
  }

  private static String queryString(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }
}
