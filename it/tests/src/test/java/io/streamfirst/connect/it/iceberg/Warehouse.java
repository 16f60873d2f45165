// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.iceberg;

import io.streamfirst.connect.it.fixtures.PostgresFixture;
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
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.jdbc.UncheckedSQLException;
import org.apache.iceberg.io.CloseableIterable;

/**
 * A local Iceberg warehouse under {@code target/} for one test, in a Hadoop catalog, a JDBC catalog on
 * SQLite or on PostgreSQL (a database of its own per warehouse) or a REST catalog ({@link RestCatalogServer},
 * shared by the JVM's tests): the connector settings that point at it,
 * and Iceberg's own generic reader to read tables back.
 */
final class Warehouse {

  enum Kind {
    HADOOP, JDBC_SQLITE, JDBC_POSTGRES, REST
  }

  private final Kind kind;
  private final Path root;
  private final String postgresUrl;
  private final RestCatalogServer restServer;

  Warehouse(Kind kind) throws IOException {
    this(kind, (PostgresFixture) null);
  }

  /** A {@link Kind#REST} warehouse on a server of the test's own (one it may stop), not the shared one. */
  Warehouse(RestCatalogServer server) throws IOException {
    this(Kind.REST, null, server);
  }

  /** {@code postgres}: the server holding the catalog database of a {@link Kind#JDBC_POSTGRES} warehouse. */
  Warehouse(Kind kind, PostgresFixture postgres) throws IOException {
    this(kind, postgres, null);
  }

  private Warehouse(Kind kind, PostgresFixture postgres, RestCatalogServer restServer) throws IOException {
    this.kind = kind;
    this.restServer = restServer;
    this.root = Files.createDirectories(Path.of("target", "iceberg-it", UniqueNames.of("wh")).toAbsolutePath());
    if (kind == Kind.JDBC_POSTGRES) {
      if (postgres == null) {
        throw new IllegalArgumentException("a PostgreSQL catalog needs the PostgreSQL fixture");
      }
      try {
        this.postgresUrl = postgres.jdbcUrl(postgres.createDatabase(UniqueNames.of("catalog").toLowerCase()));
      } catch (java.sql.SQLException e) {
        throw new IOException("Creating the catalog database failed", e);
      }
    } else {
      this.postgresUrl = null;
    }
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
    } else if (kind == Kind.REST) {
      RestCatalogServer server = restServer != null ? restServer : RestCatalogServer.shared();
      props.put("type", "rest");
      props.put("uri", server.uri());
      props.put("token", server.token());
    } else if (kind == Kind.JDBC_POSTGRES) {
      props.put("type", "jdbc");
      props.put("uri", postgresUrl);
      props.put("jdbc.user", PostgresFixture.USER);
      props.put("jdbc.password", PostgresFixture.PASSWORD);
    } else {
      props.put("type", "jdbc");
      props.put("uri", "jdbc:sqlite:" + root.resolve("catalog.db"));
    }
    return props;
  }

  /**
   * A catalog over the same warehouse, for reading (JDBC catalogs scope tables by catalog name: the
   * connector's default). A SQLite catalog is read from a copy of its database: SQLite coordinates the
   * connections of one process only within one copy of its library, and the test's copy is not the
   * plugin's, so a connection opened and closed here would drop the locks of the connector's writers
   * (POSIX locks belong to the process) and let their commits overwrite each other.
   */
  private Catalog catalog() throws IOException {
    Map<String, String> props = new HashMap<>(catalogProperties());
    if (kind == Kind.JDBC_SQLITE || kind == Kind.JDBC_POSTGRES) {
      props.put("jdbc.schema-version", "V1");
    }
    if (kind == Kind.JDBC_SQLITE) {
      props.put("uri", "jdbc:sqlite:" + copyOfSqliteCatalog().resolve("catalog.db"));
    }
    return CatalogUtil.buildIcebergCatalog("streamfirst", props, new Configuration());
  }

  /**
   * Copies the SQLite catalog, its rollback journal first (opening the copy rolls a half-done write back). The
   * journal can vanish between seeing it and copying it, when the connector's write ends just then: the copy is
   * then taken again.
   */
  private Path copyOfSqliteCatalog() throws IOException {
    for (int attempt = 1;; attempt++) {
      Path copy = Files.createTempDirectory(root, "read");
      try {
        for (String file : List.of("catalog.db-journal", "catalog.db")) {
          if (Files.exists(root.resolve(file))) {
            Files.copy(root.resolve(file), copy.resolve(file));
          }
        }
        return copy;
      } catch (java.nio.file.NoSuchFileException e) {
        if (attempt == 10) {
          throw e;
        }
      }
    }
  }

  /** The table, or null while it does not exist or its catalog was caught mid-write (read again later). */
  Table table(String namespace, String name) throws IOException {
    Catalog catalog = catalog();
    try {
      return catalog.loadTable(TableIdentifier.of(namespace, name));
    } catch (NoSuchTableException | UncheckedSQLException e) {
      return null;
    } finally {
      if (catalog instanceof java.io.Closeable closeable) {
        closeable.close();
      }
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

  /** The most delete files a reader applies to one data file of the table (0 while it does not exist). */
  int maxDeleteFilesPerDataFile(String namespace, String name) throws IOException {
    Table table = table(namespace, name);
    int max = 0;
    if (table != null) {
      try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
        for (FileScanTask task : tasks) {
          max = Math.max(max, task.deletes().size());
        }
      }
    }
    return max;
  }

  /** The snapshots of the table, oldest first. */
  List<Snapshot> snapshots(String namespace, String name) throws IOException {
    Table table = table(namespace, name);
    List<Snapshot> out = new ArrayList<>();
    if (table != null) {
      table.snapshots().forEach(out::add);
    }
    return out;
  }
}
