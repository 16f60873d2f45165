// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg.catalog;

import io.streamfirst.connect.iceberg.IcebergSinkConfig;
import io.streamfirst.connect.iceberg.schema.Tables;
import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import org.apache.iceberg.catalog.Catalog;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task's catalog and what the task does while it is unreachable (see DESIGN.md, "Catalog outages"): a
 * task may start without it and loads it before it writes; an unreachable catalog is a retriable failure
 * (Connect redelivers the batch after the back-off) until {@code iceberg.catalog.unavailable.max.ms} has
 * passed, then a fatal one, and the task drops what it holds.
 */
public final class CatalogConnection {

  private static final Logger LOG = LoggerFactory.getLogger(CatalogConnection.class);

  private final IcebergSinkConfig config;
  private final Clock clock;
  private final CatalogOutage outage;
  private final SinkTaskContext context;
  private final Runnable onFatal;
  private Catalog catalog;
  private Tables tables;

  /**
   * @param onFatal run when an outage has lasted too long, before the fatal failure is thrown: the task
   *     must stop touching its tables and drop what it holds
   */
  public CatalogConnection(IcebergSinkConfig config, Clock clock, SinkTaskContext context, Runnable onFatal) {
    this.config = config;
    this.clock = clock;
    this.outage = new CatalogOutage(clock, config.catalogUnavailableMaxMs(), Catalogs.describe(config));
    this.context = context;
    this.onFatal = onFatal;
  }

  /**
   * Loads the catalog when the task starts. An unreachable catalog is transient here too: the task starts
   * without it (within the outage limit) and loads it before it writes.
   */
  public void connectAtStart(int taskNumber) {
    try {
      connect();
    } catch (CatalogUnavailableException e) {
      RuntimeException failure = outage.failure("loading the catalog at task start", e);
      if (!(failure instanceof RetriableException)) {
        throw failure;
      }
      LOG.warn("Iceberg sink task {} of {} started without its catalog: {}", taskNumber, config.connectorName(),
          failure.getMessage());
    }
  }

  private void connect() {
    catalog = Catalogs.load(config);
    tables = new Tables(catalog, config.partitionTerms(), config.tableProperties(), config.formatVersion(),
        config.targetFileSizeBytes(), config.mode() == IcebergSinkConfig.Mode.UPSERT
            && config.upsertDeleteMode() == IcebergSinkConfig.DeleteMode.POSITION);
    outage.reachable();
  }

  /** Loads the catalog when the task started while it was unreachable, before doing {@code what}. */
  public void ensure(String what) {
    if (catalog != null) {
      return;
    }
    try {
      connect();
    } catch (CatalogUnavailableException e) {
      throw unreachable(what, e);
    }
  }

  /** Loads, creates and evolves tables; only after {@link #ensure}. */
  public Tables tables() {
    return tables;
  }

  /** The catalog answered: an outage, if there was one, is over. */
  public void reachable() {
    outage.reachable();
  }

  /**
   * The exception for an unreachable catalog while doing {@code what}: retriable (Connect redelivers the
   * batch after the back-off; the task keeps its partitions and its uncommitted files) while the outage is
   * within {@code iceberg.catalog.unavailable.max.ms}, else fatal, and the task drops what it holds.
   */
  public RuntimeException unreachable(String what, Throwable e) {
    return unreachable(what, e, clock.millis());
  }

  /** As {@link #unreachable(String, Throwable)}, for an outage seen since {@code firstFailureMs} at the latest. */
  public RuntimeException unreachable(String what, Throwable e, long firstFailureMs) {
    RuntimeException failure = outage.failure(what, e, firstFailureMs);
    if (failure instanceof RetriableException) {
      context.timeout(outage.backoffMs());
    } else {
      onFatal.run();
    }
    return failure;
  }

  public void close() {
    if (catalog instanceof Closeable closeable) {
      try {
        closeable.close();
      } catch (IOException e) {
        LOG.warn("Closing the Iceberg catalog failed ({})", Secrets.describe(e));
      }
    }
  }
}
