// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg.schema;

import io.streamfirst.connect.iceberg.catalog.CatalogRetries;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads, creates and evolves tables in the catalog. */
public final class Tables {

  private static final Logger LOG = LoggerFactory.getLogger(Tables.class);

  /**
   * Metadata files a created table keeps besides the current one. Every commit (one every few seconds) writes
   * a new one; older ones serve only a manual rollback to an earlier metadata file, so a minute or two of
   * them is enough, and 20 bound the folder to 21 files (Iceberg's default of 100 is sized for batch writers).
   */
  static final int METADATA_PREVIOUS_VERSIONS_MAX = 20;

  private final Catalog catalog;
  private final List<PartitionTerms.Term> partitionTerms;
  private final Map<String, String> tableProperties;
  private final int formatVersion;
  private final long targetFileSize;
  private final boolean keyBloomFilters;

  public Tables(Catalog catalog, List<PartitionTerms.Term> partitionTerms, Map<String, String> tableProperties,
      int formatVersion, long targetFileSize) {
    this(catalog, partitionTerms, tableProperties, formatVersion, targetFileSize, false);
  }

  /**
   * @param keyBloomFilters whether created tables get Parquet bloom filters on their key columns (upsert with
   *     position deletes looks keys up, and the reader skips row groups whose filter rules a key out)
   */
  public Tables(Catalog catalog, List<PartitionTerms.Term> partitionTerms, Map<String, String> tableProperties,
      int formatVersion, long targetFileSize, boolean keyBloomFilters) {
    this.keyBloomFilters = keyBloomFilters;
    this.catalog = catalog;
    this.partitionTerms = List.copyOf(partitionTerms);
    this.tableProperties = Map.copyOf(tableProperties);
    this.formatVersion = formatVersion;
    this.targetFileSize = targetFileSize;
  }

  /** The table, or null when it does not exist. */
  public Table load(TableIdentifier id) {
    try {
      return catalog.loadTable(id);
    } catch (NoSuchTableException e) {
      return null;
    }
  }

  /**
   * Creates the table (and its namespace) for rows of {@code rowSchema}; returns the existing table when a
   * concurrent task created it first.
   *
   * @throws IllegalArgumentException when the schema or the partition spec does not fit the rows
   */
  public Table create(TableIdentifier id, org.apache.kafka.connect.data.Schema rowSchema, List<String> keyColumns) {
    Schema schema = SchemaMapper.tableSchema(rowSchema, keyColumns);
    PartitionSpec spec = PartitionTerms.spec(schema, partitionTerms);
    Map<String, String> props = new HashMap<>(tableProperties);
    props.putIfAbsent(TableProperties.FORMAT_VERSION, Integer.toString(formatVersion));
    props.putIfAbsent(TableProperties.WRITE_TARGET_FILE_SIZE_BYTES, Long.toString(targetFileSize));
    props.putIfAbsent(TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "true");
    props.putIfAbsent(TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, Integer.toString(METADATA_PREVIOUS_VERSIONS_MAX));
    if (keyBloomFilters) {
      for (String key : keyColumns) {
        props.putIfAbsent(TableProperties.PARQUET_BLOOM_FILTER_COLUMN_ENABLED_PREFIX + key, "true");
      }
    }
    createNamespace(id.namespace());
    return CatalogRetries.retry("Creating table " + id, () -> {
      try {
        Table table = catalog.createTable(id, schema, spec, props);
        LOG.info("Created table {} with {} columns, spec {}, identifier columns {}", id, schema.columns().size(),
            spec, keyColumns);
        return table;
      } catch (AlreadyExistsException e) {
        return catalog.loadTable(id); // a concurrent task created it
      }
    });
  }

  private void createNamespace(Namespace namespace) {
    if (namespace.isEmpty() || !(catalog instanceof SupportsNamespaces namespaces)) {
      return;
    }
    for (int depth = 1; depth <= namespace.length(); depth++) {
      Namespace level = Namespace.of(java.util.Arrays.copyOf(namespace.levels(), depth));
      CatalogRetries.retry("Creating namespace " + level, () -> {
        if (!namespaces.namespaceExists(level)) {
          try {
            namespaces.createNamespace(level);
            LOG.info("Created namespace {}", level);
          } catch (AlreadyExistsException e) {
            // a concurrent task created it
          }
        }
        return level;
      });
    }
  }

  /**
   * Applies the changes that let {@code table} hold rows of {@code rowSchema}, retrying when a concurrent
   * writer changed the table; returns true when the schema changed.
   */
  public boolean evolve(Table table, org.apache.kafka.connect.data.Schema rowSchema, Set<String> keyColumns) {
    for (int attempt = 1;; attempt++) {
      table.refresh();
      List<SchemaEvolution.Change> changes = SchemaEvolution.plan(table.schema(), rowSchema, keyColumns);
      if (changes.isEmpty()) {
        return attempt > 1;
      }
      UpdateSchema update = table.updateSchema();
      changes.forEach(c -> c.applyTo(update));
      try {
        update.commit();
        LOG.info("Evolved the schema of {}: {}", table.name(), changes);
        table.refresh();
        return true;
      } catch (CommitFailedException e) {
        if (attempt >= 10) {
          throw new ConnectException("Schema change of " + table.name() + " kept conflicting with other writers", e);
        }
      }
    }
  }
}
