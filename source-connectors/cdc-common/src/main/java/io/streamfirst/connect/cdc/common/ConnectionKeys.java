// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.common;

/**
 * The config keys that say where a CDC source's database is and as whom to log in (Debezium's names,
 * the same for every server kind): what the failure classifiers and preflights name in their messages.
 */
public final class ConnectionKeys {

  public static final String HOSTNAME = "database.hostname";
  public static final String PORT = "database.port";
  public static final String USER = "database.user";
  public static final String PASSWORD = "database.password";

  private ConnectionKeys() {}
}
