// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

import java.util.Set;

/** Names of the record metadata columns every query can read, and those a result may set. */
public final class PseudoColumns {

  public static final String KEY = "_key";
  public static final String TOPIC = "_topic";
  public static final String PARTITION = "_partition";
  public static final String OFFSET = "_offset";
  public static final String TIMESTAMP = "_timestamp";
  public static final String HEADERS = "_headers";

  /** Every metadata column, in table order. */
  public static final java.util.List<String> ALL = java.util.List.of(KEY, TOPIC, PARTITION, OFFSET, TIMESTAMP, HEADERS);
  /** Result columns that set record metadata instead of becoming value fields. */
  public static final Set<String> WRITABLE = Set.of(KEY, TOPIC, TIMESTAMP);

  private PseudoColumns() {}

  static boolean isPseudo(String name) {
    return ALL.contains(name);
  }
}
