// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the connected ClickHouse server supports, derived once from its version. Current servers get
 * the modern path (DateTime64, Bool, Map, the {@code is_deleted} engine parameter, insert
 * de-duplication tokens); older ones (such as 18.16) the fallback that works everywhere.
 *
 * @param version the version string the server reported, e.g. {@code 24.8.4.13}
 */
public record ServerFeatures(String version, int major, int minor) {

  private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)");

  /** Parses {@code SELECT version()}; an unparseable version is treated as the oldest (fallback everywhere). */
  public static ServerFeatures of(String version) {
    Matcher m = VERSION.matcher(version == null ? "" : version.strip());
    if (!m.find()) {
      return new ServerFeatures(String.valueOf(version), 0, 0);
    }
    return new ServerFeatures(version.strip(), Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
  }

  private boolean atLeast(int maj, int min) {
    return major > maj || (major == maj && minor >= min);
  }

  /** {@code DateTime64(p, tz)}: 20.1. */
  public boolean dateTime64() {
    return atLeast(20, 1);
  }

  /** {@code Bool}: 22.1. */
  public boolean bool() {
    return atLeast(22, 1);
  }

  /** {@code Map(K, V)} without the experimental flag: 21.8. */
  public boolean map() {
    return atLeast(21, 8);
  }

  /** {@code ReplacingMergeTree(version, is_deleted)}: 23.2. */
  public boolean isDeleted() {
    return atLeast(23, 2);
  }

  /**
   * {@code insert_deduplication_token} (22.2) together with the MergeTree setting
   * {@code non_replicated_deduplication_window} that makes it work on non-replicated tables.
   */
  public boolean deduplicationToken() {
    return atLeast(22, 2);
  }

  /** One line for the log: the version and which paths are taken. */
  public String describe() {
    List<String> modern = new ArrayList<>();
    List<String> fallback = new ArrayList<>();
    (dateTime64() ? modern : fallback).add(dateTime64() ? "DateTime64" : "DateTime (seconds) for timestamps");
    (bool() ? modern : fallback).add(bool() ? "Bool" : "UInt8 for booleans");
    (map() ? modern : fallback).add(map() ? "Map" : "String (JSON) for maps");
    (isDeleted() ? modern : fallback).add(isDeleted()
        ? "is_deleted engine parameter"
        : "deleted flag column without is_deleted");
    (deduplicationToken() ? modern : fallback).add(deduplicationToken()
        ? "insert_deduplication_token"
        : "offset high-water marks only (no insert_deduplication_token)");
    return "ClickHouse " + version + ": modern " + (modern.isEmpty() ? "[]" : modern) + ", fallback "
        + (fallback.isEmpty() ? "[]" : fallback);
  }
}
