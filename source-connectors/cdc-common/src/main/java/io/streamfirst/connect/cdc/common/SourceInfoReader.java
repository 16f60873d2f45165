// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.common;

import java.util.Map;
import org.apache.kafka.connect.data.Struct;

/**
 * Reads a change's lineage from what the underlying connector attached to it: the {@code source}
 * block of a change event, or only the source offset for records that have none (heartbeats,
 * tombstones, transaction markers). One implementation per database.
 */
public interface SourceInfoReader {

  /**
   * @param source the change event's {@code source} struct, or null when the record has none
   * @param sourceOffset the record's source offset, possibly empty
   */
  ChangeLineage read(Struct source, Map<String, ?> sourceOffset);
}
