// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg.write;

import io.streamfirst.connect.iceberg.IcebergSinkConfig;
import io.streamfirst.connect.iceberg.IcebergSinkConfig.Mode;
import io.streamfirst.connect.iceberg.catalog.CatalogConnection;
import io.streamfirst.connect.iceberg.route.TableRoutes;
import io.streamfirst.connect.sink.ChangeDecoder;
import io.streamfirst.connect.sink.ChangeKind;
import io.streamfirst.connect.sink.ChangeView;
import io.streamfirst.connect.sink.FreshnessMetrics;
import io.streamfirst.connect.sink.KeyColumns;
import io.streamfirst.connect.sink.TableFreshness;
import io.streamfirst.connect.common.ChangeShape;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tables one task writes, and how a record reaches one: decoded, routed, skipped when its table already
 * holds it, else handed to the table (which is opened, or created, on its first record).
 */
public final class SinkTables {

  private static final Logger LOG = LoggerFactory.getLogger(SinkTables.class);

  private final Map<TableIdentifier, SinkTable> open = new LinkedHashMap<>();
  private final IcebergSinkConfig config;
  private final CatalogConnection catalog;
  private final TableRoutes routes;
  /** Told of each record's table (OpenLineage datasets); nothing by default. */
  private java.util.function.BiConsumer<ChangeView, TableIdentifier> lineage = (view, id) -> {};
  private TableFreshness freshness = TableFreshness.unpublished(java.time.Clock.systemUTC());
  private final ChangeDecoder decoder = new ChangeDecoder();
  private final FreshnessMetrics metrics;
  private final SinkTable.Settings settings;

  /**
   * @param commitAllBeforeSchemaChange what a table runs before it changes its schema (the commit cycle's
   *     decision)
   */
  public SinkTables(IcebergSinkConfig config, CatalogConnection catalog, FreshnessMetrics metrics, int taskNumber,
      Runnable commitAllBeforeSchemaChange) {
    this.config = config;
    this.catalog = catalog;
    this.routes = config.routes();
    this.metrics = metrics;
    this.settings = new SinkTable.Settings(config.mode() == Mode.UPSERT, config.identifierColumns(),
        KeyColumns.of(config.identifierColumns(), IcebergSinkConfig.IDENTIFIER_COLUMNS), config.evolution(),
        config.targetFileSizeBytes(), taskNumber, config.connectorName(), commitAllBeforeSchemaChange,
        config.upsertDeleteMode() == IcebergSinkConfig.DeleteMode.POSITION, config.upsertIndexMaxKeys());
  }

  /**
   * Applies one record; {@code tp} and {@code offset} are the original ones (what Connect consumed), the table
   * follows the record's topic. Returns the bytes the record's table now holds for it (0 when skipped).
   *
   * @throws DataException for a bad record (nothing taken)
   */
  public long accept(SinkRecord record, TopicPartition tp, long offset) {
    if (freshness.heartbeat(record)) {
      return 0; // a CDC heartbeat: how far the source was read, not a row
    }
    ChangeView view = decoder.decode(record);
    TableIdentifier id = routes.route(record.topic(), view.row() != null ? view.row() : view.key(),
        view.coordinates());
    lineage.accept(view, id);
    SinkTable table = open.get(id);
    if (table == null) {
      if (!applicable(view)) { // checked before a table is opened or created for the record
        return 0;
      }
      table = view.kind() == ChangeKind.DELETE ? existing(id, view) : openOrCreate(id, view);
      if (table == null) {
        metrics.written(0, 1); // applied: there is nothing to delete in a table that does not exist
        return 0;
      }
    }
    if (table.holds(tp, offset) || !applicable(view)) {
      return 0; // held: replayed after a crash between the table commit and Connect's offset commit
    }
    long bytes = table.apply(view);
    freshness.received(table.idText(), tp, offset, view.sourceTimestampMs());
    return bytes;
  }

  /**
   * Whether the mode can apply {@code view}: a tombstone in append mode is skipped; a delete in append mode
   * and a change without a row are bad records.
   */
  private boolean applicable(ChangeView view) {
    if (view.kind() == ChangeKind.DELETE) {
      if (settings.upsert()) {
        return true;
      }
      if (view.shape() == ChangeShape.TOMBSTONE) {
        return false;
      }
      throw new DataException("Record " + view.coordinates() + " is a delete, which append mode cannot apply:"
          + " set iceberg.mode=upsert to apply deletes");
    }
    if (view.row() == null) {
      throw new DataException("Record " + view.coordinates() + " has no row to write");
    }
    return true;
  }

  /** The table for a delete, or null when it does not exist. */
  private SinkTable existing(TableIdentifier id, ChangeView view) {
    Table table = catalog.tables().load(id);
    return table == null ? null : opened(id, table, view);
  }

  private SinkTable openOrCreate(TableIdentifier id, ChangeView view) {
    Table table = catalog.tables().load(id);
    if (table == null) {
      if (!config.autoCreate()) {
        throw new ConnectException("Table " + id + " does not exist and " + IcebergSinkConfig.AUTO_CREATE
            + "=false: create it, or enable auto-creation");
      }
      if (view.rowSchema() == null) {
        throw new DataException("Record " + view.coordinates() + " has no schema, so table " + id + " cannot be"
            + " created from it: create the table first or use a converter with schemas");
      }
      List<String> keys = settings.upsert() ? settings.recordKeys().names(view) : config.identifierColumns();
      try {
        table = catalog.tables().create(id, view.rowSchema(), keys);
      } catch (IllegalArgumentException e) {
        throw new ConnectException("Cannot create table " + id + " from record " + view.coordinates() + ": "
            + e.getMessage() + " (check " + IcebergSinkConfig.PARTITION_SPEC + " and "
            + IcebergSinkConfig.IDENTIFIER_COLUMNS + ")", e);
      }
    }
    return opened(id, table, view);
  }

  private SinkTable opened(TableIdentifier id, Table table, ChangeView view) {
    SinkTable opened = SinkTable.open(id, table, view, catalog.tables(), settings);
    open.put(id, opened);
    return opened;
  }

  /**
   * On an assignment: re-reads the offsets of every known table (another task may have committed these
   * partitions since), and, when each partition's table follows from its topic, seeks the partitions to the
   * offsets their tables hold.
   */
  public void seekToCommitted(Collection<TopicPartition> partitions, SinkTaskContext context) {
    for (SinkTable table : open.values()) {
      table.reloadCommitted();
    }
    if (!routes.topicOnly() || config.transformsConfigured()) {
      // The table is known only from the records (a route field, or transforms that may change the topic):
      // records a table already holds are skipped when they arrive.
      return;
    }
    for (TopicPartition tp : partitions) {
      TableIdentifier id = routes.forTopic(tp.topic());
      SinkTable table = open.get(id);
      if (table == null) {
        Table loaded = catalog.tables().load(id);
        if (loaded == null) {
          continue;
        }
        table = opened(id, loaded, null);
      }
      Long offset = table.committedOffset(tp);
      if (offset != null) {
        LOG.info("Resuming {} at offset {} committed in {}", tp, offset, id);
        context.offset(tp, offset);
      }
    }
  }

  /** The offsets of every table could not be re-read: each re-reads them before it is used again. */
  public void markAllStale() {
    open.values().forEach(SinkTable::markStale);
  }

  public Collection<SinkTable> all() {
    return open.values();
  }

  public boolean anyChanges() {
    return open.values().stream().anyMatch(SinkTable::hasChanges);
  }

  public boolean anyUnconfirmed() {
    return open.values().stream().anyMatch(SinkTable::hasUnconfirmed);
  }

  /** Drops everything uncommitted, and forgets the tables (they are opened again on their next record). */
  /** An assignment changed: keys may have moved between tasks, so every key index starts over. */
  public void forgetKeyLocations() {
    open.values().forEach(SinkTable::forgetKeyLocations);
  }

  public void abortAll() {
    open.values().forEach(SinkTable::abort);
    open.clear();
  }

  /** Tells {@code freshness} what each table takes from now on, and hands it the CDC heartbeats. */
  public void freshness(TableFreshness freshness) {
    this.freshness = freshness;
  }

  /** Tells {@code lineage} the table of each record accepted from now on (OpenLineage datasets). */
  public void lineage(java.util.function.BiConsumer<ChangeView, TableIdentifier> lineage) {
    this.lineage = lineage;
  }

  /** The table {@code id} as this task holds it, or null. */
  public SinkTable get(TableIdentifier id) {
    return open.get(id);
  }
}
