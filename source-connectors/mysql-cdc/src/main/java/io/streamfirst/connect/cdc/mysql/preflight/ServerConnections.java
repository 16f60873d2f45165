// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.mysql.preflight;

import io.streamfirst.connect.cdc.common.ConnectionKeys;
import io.streamfirst.connect.cdc.common.PreflightReport;
import io.streamfirst.connect.cdc.common.RecoveryAdvice;
import io.streamfirst.connect.cdc.mysql.MySqlFailures;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;
import org.mariadb.jdbc.Driver;

/**
 * Short JDBC connections for the preflight and for detecting the server flavour, through MariaDB
 * Connector/J, which speaks to MySQL and MariaDB alike. Says what a failed connection means for the
 * user ({@link MySqlFailures} classifies it); never puts the password into a message.
 */
public final class ServerConnections {

  public static final String HOSTNAME = ConnectionKeys.HOSTNAME;
  public static final String PORT = ConnectionKeys.PORT;
  public static final String USER = ConnectionKeys.USER;
  public static final String PASSWORD = ConnectionKeys.PASSWORD;
  public static final String SSL_MODE = "database.ssl.mode";

  private static final int CONNECT_TIMEOUT_MS = 10_000;

  /** Where and as whom to connect. */
  public record Target(String host, int port, String user, String password, String sslMode) {
    /** {@code host:port}, for messages. */
    public String where() {
      return host + ":" + port;
    }
  }

  /** Why a connection failed: the config key to change and a message saying how. */
  public record Failure(String key, String message) {
  }

  private ServerConnections() {}

  /**
   * A new connection to {@code target} (no default database). Without a {@code database.ssl.mode}, or
   * with MySQL's {@code preferred}, it tries TLS first and falls back to a plain connection when the
   * server has no TLS, as MySQL's own driver does (MySQL 8's default {@code caching_sha2_password}
   * needs TLS or RSA to log in).
   */
  public static Connection open(Target target) throws SQLException {
    String mode = target.sslMode() == null ? "" : target.sslMode().trim().toLowerCase(Locale.ROOT);
    if (!mode.isEmpty() && !mode.equals("preferred")) {
      return open(target, driverSslMode(mode));
    }
    try {
      return open(target, "trust");
    } catch (SQLException e) {
      if (!String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("ssl")) {
        throw e;
      }
      return open(target, "disable");
    }
  }

  private static Connection open(Target target, String driverSslMode) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", target.user() == null ? "" : target.user());
    if (target.password() != null) {
      props.setProperty("password", target.password());
    }
    props.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_MS));
    props.setProperty("socketTimeout", "30000");
    props.setProperty("sslMode", driverSslMode);
    String url = "jdbc:mariadb://" + target.host() + ":" + target.port() + "/";
    // The driver directly, not DriverManager: in a Connect plugin class loader DriverManager may not see it.
    Connection connection = new Driver().connect(url, props);
    if (connection == null) {
      throw new SQLException("The MariaDB driver does not accept " + url, "08001");
    }
    return connection;
  }

  /**
   * Debezium's {@code database.ssl.mode} (MySQL: disabled/preferred/required/verify_ca/verify_identity;
   * MariaDB: disable/trust/verify-ca/verify-full) as Connector/J's {@code sslMode}; {@code preferred} is
   * handled by {@link #open(Target)}.
   */
  static String driverSslMode(String sslMode) {
    String mode = sslMode == null ? "" : sslMode.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    return switch (mode) {
      case "required", "trust" -> "trust";
      case "verify-ca" -> "verify-ca";
      case "verify-identity", "verify-full" -> "verify-full";
      default -> "disable";
    };
  }

  /**
   * What a failed connection attempt to {@code target} means for the user: the config key to change and
   * how ({@link MySqlFailures} says what kind of failure it is).
   */
  public static Failure classify(SQLException e, Target target) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String detail = PreflightReport.redact(e.getMessage(), target.password());
    return switch (MySqlFailures.INSTANCE.connectionKind(e)) {
      case BAD_CREDENTIALS -> new Failure(PASSWORD, "Access denied for user '" + target.user() + "' at "
          + target.where() + ": check database.user and database.password, and that the account may connect from"
          + " the Connect workers' host.");
      case LOGIN_REFUSED -> new Failure(USER, "The server at " + target.where() + " does not admit user '"
          + target.user() + "': " + detail
          + " Create the account for the Connect workers' host (CREATE USER ... @'<host>').");
      case UNREACHABLE -> new Failure(HOSTNAME, "Cannot reach the database at " + target.where()
          + " from the Connect worker: " + detail + " " + RecoveryAdvice.CHECK_ADDRESS);
      default -> new Failure(HOSTNAME, "Cannot connect to the database at " + target.where()
          + " (error " + e.getErrorCode() + ", SQLState " + state + "): " + detail);
    };
  }
}
