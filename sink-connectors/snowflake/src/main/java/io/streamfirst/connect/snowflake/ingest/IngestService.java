// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.snowflake.ingest;

import io.streamfirst.connect.snowflake.sql.ChangeMerger;
import io.streamfirst.connect.snowflake.sql.TableCatalog;
import java.util.Map;

/**
 * What the sink needs from Snowpipe Streaming, kept small so that the SDK adapter
 * ({@link SdkIngestService}) and the test fake implement the same contract.
 *
 * <p>Contract, as Snowflake's service behaves: rows appended to a channel become durable
 * asynchronously, later than the append returns; {@link IngestChannel#latestCommittedToken()} names
 * the last row that is durable in the table. Opening a channel that exists again invalidates the
 * previous handle (its uncommitted rows are dropped) and reports the committed token.
 */
public interface IngestService extends AutoCloseable {

  /** A client for appending to {@code table} (its name as stored in Snowflake, unquoted) of the configured schema. */
  IngestClient client(String table);

  /** Where the sink reads, creates and alters table definitions. */
  TableCatalog catalog();

  /** Where the sink applies change tables to their targets (CDC mode). */
  ChangeMerger merger();

  @Override
  void close();

  /** Builds an {@link IngestService} from the connector configuration (all keys as given). */
  interface Factory {
    IngestService create(Map<String, String> config);
  }
}
