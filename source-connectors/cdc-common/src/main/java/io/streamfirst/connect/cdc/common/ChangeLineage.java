// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.common;

import io.streamfirst.connect.common.LineageHeaders;
import org.apache.kafka.connect.header.Headers;

/**
 * Where and when one change happened in the source database, as the lineage headers carry it.
 *
 * @param origin dataset URI, e.g. {@code postgres://db1:5432/shop/public.orders}; null when unknown
 * @param sourceTsMs source commit time in epoch milliseconds; null when unknown
 * @param position source position (a Postgres LSN, a MySQL {@code file:pos} or GTID); null when unknown
 * @param txId source transaction id; null when unknown
 */
public record ChangeLineage(String origin, Long sourceTsMs, String position, String txId) {

  /** Nothing known: only the path hop will be added. */
  public static final ChangeLineage UNKNOWN = new ChangeLineage(null, null, null, null);

  /**
   * Adds this lineage to {@code headers} (keeping headers already present, see docs/CONVENTIONS.md)
   * and appends {@code hop} to {@code sf.path}.
   */
  public void applyTo(Headers headers, String hop) {
    LineageHeaders.putIfAbsent(headers, LineageHeaders.ORIGIN, origin);
    LineageHeaders.putIfAbsent(headers, LineageHeaders.SOURCE_TS,
        sourceTsMs == null ? null : Long.toString(sourceTsMs));
    LineageHeaders.putIfAbsent(headers, LineageHeaders.SOURCE_POS, position);
    LineageHeaders.putIfAbsent(headers, LineageHeaders.TX, txId);
    LineageHeaders.appendPath(headers, hop);
  }
}
