package io.streamfirst.connect.it.iceberg;

import io.streamfirst.connect.it.harness.UniqueNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.io.CloseableIterable;

/**
 * A local Iceberg warehouse under {@code target/} for one test, in a Hadoop or a JDBC-on-SQLite catalog:
 * the connector settings that point at it, and Iceberg's own generic reader to read tables back.
 */
final class Warehouse {

  enum Kind { HADOOP, JDBC_SQLITE }

  private final Kind kind;
  private final Path root;

  Warehouse(Kind kind) throws IOException {
    this.kind = kind;
    this.root = Files.createDirectories(Path.of("target", "iceberg-it", UniqueNames.of("wh")).toAbsolutePath());
  }

  Path root() {
    return root;
  }

  /** The connector's catalog settings. */
  Map<String, String> connectorConfig() {
    Map<String, String> config = new HashMap<>();
    catalogProperties().forEach((k, v) -> config.put("iceberg.catalog." + k, v));
    return config;
  }

  private Map<String, String> catalogProperties() {
    Map<String, String> props = new HashMap<>();
    props.put("warehouse", root.resolve("data").toUri().toString());
    if (kind == Kind.HADOOP) {
      props.put("type", "hadoop");
    } else {
      props.put("type", "jdbc");
      props.put("uri", "jdbc:sqlite:" + root.resolve("catalog.db"));
    }
    return props;
  }

  /** A catalog over the same warehouse, for reading (JDBC catalogs scope tables by catalog name: the connector's default). */
  Catalog catalog() {
    Map<String, String> props = new HashMap<>(catalogProperties());
    if (kind == Kind.JDBC_SQLITE) {
      props.put("jdbc.schema-version", "V1");
    }
    return CatalogUtil.buildIcebergCatalog("streamfirst", props, new Configuration());
  }

  /** The table, or null while it does not exist. */
  Table table(String namespace, String name) {
    try {
      return catalog().loadTable(TableIdentifier.of(namespace, name));
    } catch (NoSuchTableException e) {
      return null;
    }
  }

  /** Every row of the table (empty while it does not exist), read with IcebergGenerics. */
  List<Record> rows(String namespace, String name) throws IOException {
    Table table = table(namespace, name);
    List<Record> rows = new ArrayList<>();
    if (table == null) {
      return rows;
    }
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
      records.forEach(r -> rows.add(r.copy()));
    }
    return rows;
  }

  /** The snapshots of the table, oldest first. */
  List<Snapshot> snapshots(String namespace, String name) {
    Table table = table(namespace, name);
    List<Snapshot> out = new ArrayList<>();
    if (table != null) {
      table.snapshots().forEach(out::add);
    }
    return out;
  }
}
