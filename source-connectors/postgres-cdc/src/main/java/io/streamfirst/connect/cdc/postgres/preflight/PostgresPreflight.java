// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.postgres.preflight;

import io.streamfirst.connect.cdc.common.ConnectionKeys;
import io.streamfirst.connect.cdc.common.PreflightReport;
import io.streamfirst.connect.cdc.common.RecoveryAdvice;
import io.streamfirst.connect.cdc.postgres.PostgresFailures;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;
import org.postgresql.Driver;

/**
 * The preflight checks of the PostgreSQL CDC source, each attached to the config key a user has to
 * change to fix it. Runs over one short JDBC connection; never puts the password into a message.
 */
public final class PostgresPreflight {

  public static final String HOSTNAME = ConnectionKeys.HOSTNAME;
  public static final String PORT = ConnectionKeys.PORT;
  public static final String USER = ConnectionKeys.USER;
  public static final String PASSWORD = ConnectionKeys.PASSWORD;
  public static final String DBNAME = "database.dbname";
  public static final String SSLMODE = "database.sslmode";
  public static final String PUBLICATION_NAME = "publication.name";
  public static final String PUBLICATION_AUTOCREATE_MODE = "publication.autocreate.mode";
  public static final String SLOT_NAME = "slot.name";
  public static final String PLUGIN_NAME = "plugin.name";
  public static final String TABLE_INCLUDE_LIST = "table.include.list";

  private static final int CONNECT_TIMEOUT_SECONDS = 10;

  /** A captured table. */
  public record TableName(String schema, String table) {
    @Override
    public String toString() {
      return schema + "." + table;
    }
  }

  /** What to do about tables without a full before-image. */
  public enum BeforeImageCheck {
    WARN, FAIL, IGNORE
  }

  private final Settings settings;

  /** The connection and capture settings the checks need, read from the effective configuration. */
  public record Settings(String host, int port, String database, String user, String password,
      String sslMode, String publication, String publicationMode, String slot, String plugin) {
  }

  public PostgresPreflight(Settings settings) {
    this.settings = settings;
  }

  /**
   * Runs every check.
   *
   * @param capturedTables the tables the connector's include/exclude lists select (called only once
   *     the database is reachable)
   */
  public PreflightReport run(Supplier<List<TableName>> capturedTables, BeforeImageCheck beforeImage) {
    PreflightReport report = new PreflightReport();
    try (Connection connection = connect()) {
      checkWalLevel(connection, report);
      boolean superuser = checkRole(connection, report);
      List<TableName> tables = capturedTables.get();
      checkPublication(connection, tables, superuser, report);
      checkSlot(connection, report);
      if (beforeImage != BeforeImageCheck.IGNORE) {
        checkBeforeImages(connection, tables, beforeImage, report);
      }
    } catch (SQLException e) {
      reportConnectionFailure(e, settings, report);
    } catch (RuntimeException e) {
      report.warning("Preflight could not finish: " + PreflightReport.redact(String.valueOf(e.getMessage()),
          settings.password()));
    }
    return report;
  }

  private Connection connect() throws SQLException {
    return open(settings, "streamfirst-preflight");
  }

  /**
   * A new JDBC connection with {@code settings} (10 s connect and login timeouts), named
   * {@code applicationName} in {@code pg_stat_activity}.
   */
  public static Connection open(Settings settings, String applicationName) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", settings.user() == null ? "" : settings.user());
    if (settings.password() != null) {
      props.setProperty("password", settings.password());
    }
    props.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
    props.setProperty("loginTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
    props.setProperty("socketTimeout", "30");
    props.setProperty("ApplicationName", applicationName);
    if (settings.sslMode() != null && !settings.sslMode().isBlank()) {
      props.setProperty("sslmode", settings.sslMode());
    }
    String url = "jdbc:postgresql://" + settings.host() + ":" + settings.port() + "/" + settings.database();
    // The driver directly, not DriverManager: in a Connect plugin class loader DriverManager may not see it.
    Connection connection = new Driver().connect(url, props);
    if (connection == null) {
      throw new SQLException("The PostgreSQL driver does not accept " + url, "08001");
    }
    return connection;
  }

  private void checkWalLevel(Connection connection, PreflightReport report) throws SQLException {
    String walLevel = queryString(connection, "SHOW wal_level");
    if (!"logical".equals(walLevel)) {
      report.error(HOSTNAME, "PostgreSQL at " + settings.host() + ":" + settings.port() + " has wal_level="
          + walLevel + "; change data capture needs wal_level=logical. Run ALTER SYSTEM SET wal_level = logical"
          + " and restart PostgreSQL (on managed services: enable logical replication).");
    }
  }

  /** Checks LOGIN and REPLICATION; returns whether the user is a superuser. */
  private boolean checkRole(Connection connection, PreflightReport report) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(
            "SELECT rolsuper, rolreplication, rolcanlogin FROM pg_roles WHERE rolname = current_user")) {
      if (!rs.next()) {
        return false;
      }
      boolean superuser = rs.getBoolean(1);
      boolean replication = rs.getBoolean(2);
      if (!superuser && !replication) {
        report.error(USER, "User '" + settings.user() + "' lacks the REPLICATION attribute needed to read a"
            + " replication slot. Run ALTER ROLE \"" + settings.user() + "\" WITH REPLICATION (on managed"
            + " services: grant the provider's replication role).");
      }
      return superuser;
    }
  }

  private void checkPublication(Connection connection, List<TableName> tables, boolean superuser,
      PreflightReport report) throws SQLException {
    String mode = settings.publicationMode() == null ? "filtered" : settings.publicationMode();
    if (!"pgoutput".equalsIgnoreCase(settings.plugin())) {
      return;
    }
    boolean exists;
    try (PreparedStatement statement = connection.prepareStatement(
        "SELECT 1 FROM pg_publication WHERE pubname = ?")) {
      statement.setString(1, settings.publication());
      try (ResultSet rs = statement.executeQuery()) {
        exists = rs.next();
      }
    }
    if (exists || superuser) {
      return;
    }
    String prefix = "Publication '" + settings.publication() + "' does not exist";
    switch (mode) {
      case "disabled" -> report.error(PUBLICATION_NAME, prefix + " and publication.autocreate.mode=disabled."
          + " Create it (CREATE PUBLICATION \"" + settings.publication() + "\" FOR TABLE ...) or let the"
          + " connector create it with publication.autocreate.mode=filtered.");
      case "all_tables" -> report.error(PUBLICATION_NAME, prefix + ", and only a superuser may create a"
          + " publication FOR ALL TABLES. Use publication.autocreate.mode=filtered or create it beforehand.");
      default -> {
        if (!queryBoolean(connection, "SELECT has_database_privilege(current_database(), 'CREATE')")) {
          report.error(PUBLICATION_NAME, prefix + " and user '" + settings.user() + "' may not create it"
              + " (no CREATE privilege on database '" + settings.database() + "'). Create the publication"
              + " beforehand or GRANT CREATE ON DATABASE.");
        }
        List<TableName> notOwned = notOwned(connection, tables);
        if (!notOwned.isEmpty()) {
          report.error(PUBLICATION_NAME, prefix + " and user '" + settings.user() + "' cannot add tables it"
              + " does not own to a new publication: " + join(notOwned) + ". Create the publication as the"
              + " tables' owner, or run the connector as that owner.");
        }
      }
    }
  }

  private List<TableName> notOwned(Connection connection, List<TableName> tables) throws SQLException {
    List<TableName> out = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(
        "SELECT pg_has_role(c.relowner, 'USAGE') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname = ? AND c.relname = ?")) {
      for (TableName table : tables) {
        statement.setString(1, table.schema());
        statement.setString(2, table.table());
        try (ResultSet rs = statement.executeQuery()) {
          if (rs.next() && !rs.getBoolean(1)) {
            out.add(table);
          }
        }
      }
    }
    return out;
  }

  private void checkSlot(Connection connection, PreflightReport report) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(
        "SELECT plugin, database, slot_type FROM pg_replication_slots WHERE slot_name = ?")) {
      statement.setString(1, settings.slot());
      try (ResultSet rs = statement.executeQuery()) {
        if (!rs.next()) {
          return;
        }
        String plugin = rs.getString(1);
        String database = rs.getString(2);
        if (!"logical".equals(rs.getString(3)) || !settings.database().equals(database)
            || (settings.plugin() != null && !settings.plugin().equalsIgnoreCase(plugin))) {
          report.error(SLOT_NAME, "Replication slot '" + settings.slot() + "' already exists for plugin '"
              + plugin + "' in database '" + database + "'; this connector needs one for plugin '"
              + settings.plugin() + "' in '" + settings.database() + "'. Choose another slot.name or drop"
              + " the old slot (SELECT pg_drop_replication_slot('" + settings.slot() + "')).");
        }
      }
    }
  }

  private void checkBeforeImages(Connection connection, List<TableName> tables, BeforeImageCheck mode,
      PreflightReport report) throws SQLException {
    List<TableName> noIdentity = new ArrayList<>();
    List<TableName> keyOnly = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(
        "SELECT c.relreplident, EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary)"
            + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?")) {
      for (TableName table : tables) {
        statement.setString(1, table.schema());
        statement.setString(2, table.table());
        try (ResultSet rs = statement.executeQuery()) {
          if (!rs.next()) {
            continue;
          }
          String identity = rs.getString(1);
          boolean primaryKey = rs.getBoolean(2);
          if ("n".equals(identity) || ("d".equals(identity) && !primaryKey)) {
            noIdentity.add(table);
          } else if ("d".equals(identity)) {
            keyOnly.add(table);
          }
        }
      }
    }
    List<String> problems = new ArrayList<>();
    if (!noIdentity.isEmpty()) {
      problems.add("Captured tables without a primary key or replica identity: " + join(noIdentity)
          + ". Once they are in the publication, PostgreSQL rejects UPDATE and DELETE on them. Add a primary"
          + " key or run ALTER TABLE ... REPLICA IDENTITY FULL.");
    }
    if (!keyOnly.isEmpty()) {
      problems.add("Captured tables with REPLICA IDENTITY DEFAULT: " + join(keyOnly) + ". Their updates and"
          + " deletes carry only the primary-key columns as before-image. For full before-images run"
          + " ALTER TABLE ... REPLICA IDENTITY FULL.");
    }
    for (String problem : problems) {
      if (mode == BeforeImageCheck.FAIL) {
        report.error(TABLE_INCLUDE_LIST, problem);
      } else {
        report.warning(problem);
      }
    }
  }

  private static String join(List<TableName> tables) {
    return String.join(", ", tables.stream().map(TableName::toString).toList());
  }

  private static String queryString(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  private static boolean queryBoolean(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
      return rs.next() && rs.getBoolean(1);
    }
  }

  /**
   * Adds to {@code report} what a failed connection attempt with {@code settings} means: the key to change
   * and how ({@link PostgresFailures} says what kind of failure it is).
   */
  public static void reportConnectionFailure(SQLException e, Settings settings, PreflightReport report) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String detail = PreflightReport.redact(e.getMessage(), settings.password());
    String where = settings.host() + ":" + settings.port();
    switch (PostgresFailures.INSTANCE.connectionKind(e)) {
      case BAD_CREDENTIALS -> report.error(PASSWORD, "Password authentication failed for user '"
          + settings.user() + "' at " + where + ": check database.user and database.password.");
      case LOGIN_REFUSED -> report.error(USER, "PostgreSQL at " + where + " refused user '"
          + settings.user() + "': " + detail
          + " Check that the role exists, may log in, and that pg_hba.conf admits it from the Connect workers.");
      case MISSING_DATABASE -> report.error(DBNAME, "Database '" + settings.database()
          + "' does not exist at " + where + ".");
      case UNREACHABLE -> report.error(HOSTNAME, "Cannot reach PostgreSQL at " + where
          + " from the Connect worker: " + detail + " " + RecoveryAdvice.CHECK_ADDRESS);
      default -> report.error(HOSTNAME, "Cannot connect to PostgreSQL at " + where + " (SQLState "
          + state + "): " + detail);
    }
  }
}
