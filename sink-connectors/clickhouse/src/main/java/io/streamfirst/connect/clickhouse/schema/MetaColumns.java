// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse.schema;

import io.streamfirst.connect.clickhouse.schema.ChType.Kind;

/**
 * The columns the sink adds to every table it writes: the Kafka coordinates of each row (what
 * makes restarts and retries exactly-once, see DESIGN.md) and, in CDC mode, the version and the
 * deleted flag that ReplacingMergeTree collapses on.
 */
public final class MetaColumns {

  public static final String TOPIC = "_sf_topic";
  public static final String PARTITION = "_sf_partition";
  public static final String OFFSET = "_sf_offset";
  public static final String VERSION = "_sf_version";
  public static final String DELETED = "_sf_deleted";

  public static final ChType TOPIC_TYPE = ChType.simple(Kind.STRING, "String");
  public static final ChType PARTITION_TYPE = ChType.simple(Kind.INT32, "Int32");
  public static final ChType OFFSET_TYPE = ChType.simple(Kind.INT64, "Int64");
  public static final ChType VERSION_TYPE = ChType.simple(Kind.UINT64, "UInt64");
  public static final ChType DELETED_TYPE = ChType.simple(Kind.UINT8, "UInt8");

  private MetaColumns() {}

  /** True for the sink's own columns, which records cannot write. */
  public static boolean isMeta(String column) {
    return TOPIC.equals(column) || PARTITION.equals(column) || OFFSET.equals(column)
        || VERSION.equals(column) || DELETED.equals(column);
  }
}
