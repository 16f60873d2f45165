// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.mysql;

import java.util.Arrays;
import java.util.Locale;

/** Which server the connector talks to, and so which Debezium connector runs underneath. */
public enum ServerFlavor {
  /** Detect from {@code SELECT VERSION()} at validation and at task start. */
  AUTO,
  /** MySQL (and compatible servers that do not call themselves MariaDB): Debezium's MySQL connector. */
  MYSQL,
  /** MariaDB: Debezium's MariaDB connector (MariaDB GTIDs, MariaDB JDBC driver). */
  MARIADB;

  /** The name used in configuration, lower case. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a configured name, ignoring case and surrounding blanks. */
  public static ServerFlavor parse(String name) {
    return valueOf(name.trim().toUpperCase(Locale.ROOT));
  }

  /** The flavour a server reports in {@code SELECT VERSION()}, e.g. {@code 11.4.5-MariaDB-log} or {@code 8.4.3}. */
  public static ServerFlavor ofVersion(String version) {
    return version != null && version.toLowerCase(Locale.ROOT).contains("mariadb") ? MARIADB : MYSQL;
  }

  static String[] configNames() {
    return Arrays.stream(values()).map(ServerFlavor::configName).toArray(String[]::new);
  }
}
