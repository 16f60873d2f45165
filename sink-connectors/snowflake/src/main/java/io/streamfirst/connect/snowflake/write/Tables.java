// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.snowflake.write;

import io.streamfirst.connect.snowflake.sql.Column;
import io.streamfirst.connect.snowflake.sql.TableCatalog;
import io.streamfirst.connect.snowflake.sql.TableRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a table fit a row before the row is appended: creates it from the first row's columns, adds
 * missing columns, widens integer and float columns, and drops NOT NULL from columns a row leaves empty.
 * Each table's columns are read once and kept up to date by the changes made here.
 */
public final class Tables {

  private static final Logger LOG = LoggerFactory.getLogger(Tables.class);

  private final TableCatalog catalog;
  private final boolean autoCreate;
  private final boolean autoEvolve;
  private final Map<TableRef, Map<String, Column>> known = new HashMap<>();
  private final Map<TableRef, java.util.Set<Object>> fitted = new HashMap<>();

  public Tables(TableCatalog catalog, boolean autoCreate, boolean autoEvolve) {
    this.catalog = catalog;
    this.autoCreate = autoCreate;
    this.autoEvolve = autoEvolve;
  }

  /**
   * Makes {@code table} hold a row with {@code needed} columns.
   *
   * @return true when the table was created or altered
   * @throws DataException when the row does not fit and evolution is off, or a field's type is not
   *     compatible with its column
   */
  public boolean fit(TableRef table, List<Column> needed, String coordinates) {
    Map<String, Column> columns = known.get(table);
    if (columns == null) {
      List<Column> described = catalog.describe(table);
      if (described == null) {
        if (!autoCreate) {
          throw new ConnectException("Table " + table + " does not exist and table.auto.create.enabled is false;"
              + " create it, or enable auto-creation (record " + coordinates + ")");
        }
        catalog.create(table, needed);
        LOG.info("Created table {} with {} columns for record {}", table, needed.size(), coordinates);
        known.put(table, byName(needed));
        return true;
      }
      columns = byName(described);
      known.put(table, columns);
    }
    List<Runnable> changes = new ArrayList<>();
    for (Column column : needed) {
      Column existing = columns.get(column.name());
      if (existing == null) {
        changes.add(() -> {
          Column added = new Column(column.name(), column.type(), true);
          catalog.addColumn(table, added);
          known.get(table).put(column.name(), added);
        });
      } else if (!existing.type().holds(column.type())) {
        if (!existing.type().widensTo(column.type())) {
          throw new DataException("Field " + column.name() + " of record " + coordinates + " is " + column.type().kind()
              + " but column " + column.name() + " of table " + table + " is " + existing.type().kind()
              + "; change the field's type or the column");
        }
        changes.add(() -> {
          catalog.widenColumn(table, column.name(), existing.type(), column.type());
          known.get(table).put(column.name(), new Column(column.name(), column.type(), existing.nullable()));
        });
      }
    }
    Map<String, Column> neededByName = byName(needed);
    for (Column existing : columns.values()) {
      Column want = neededByName.get(existing.name());
      if (!existing.nullable() && (want == null || want.nullable())) {
        changes.add(() -> {
          catalog.dropNotNull(table, existing.name());
          known.get(table).put(existing.name(), new Column(existing.name(), existing.type(), true));
        });
      }
    }
    if (changes.isEmpty()) {
      return false;
    }
    if (!autoEvolve) {
      throw new DataException("Record " + coordinates + " does not fit table " + table + " (a field the table lacks,"
          + " a wider type or an optional field for a NOT NULL column) and table.auto.evolve.enabled is false");
    }
    changes.forEach(Runnable::run);
    LOG.info("Evolved table {} ({} change(s)) for record {}", table, changes.size(), coordinates);
    return true;
  }

  /**
   * Like {@link #fit(TableRef, List, String)}, skipped when rows of the same {@code shape} (a schema
   * instance; null: none) already fit: the sink's own changes only widen or relax a table, so a shape
   * that fit once keeps fitting. {@code needed} is computed only when the shape is new.
   */
  public boolean fit(TableRef table, Object shape, java.util.function.Supplier<List<Column>> needed,
      String coordinates) {
    if (shape != null && fitted.computeIfAbsent(table, t -> java.util.Collections.newSetFromMap(
        new java.util.IdentityHashMap<>())).contains(shape)) {
      return false;
    }
    boolean changed = fit(table, needed.get(), coordinates);
    if (shape != null) {
      fitted.get(table).add(shape);
    }
    return changed;
  }

  /**
   * True when rows of {@code shape} (a schema instance; null: none) are known to fit {@code table}, so that
   * {@link #fit(TableRef, Object, java.util.function.Supplier, String)} would do nothing: the check made for
   * every row, without building anything.
   */
  public boolean fits(TableRef table, Object shape) {
    if (shape == null) {
      return false;
    }
    java.util.Set<Object> shapes = fitted.get(table);
    return shapes != null && shapes.contains(shape);
  }

  /** The columns of {@code table} as known (read once), or null when it does not exist. */
  public List<Column> columnsOf(TableRef table) {
    Map<String, Column> columns = known.get(table);
    if (columns == null) {
      List<Column> described = catalog.describe(table);
      if (described == null) {
        return null;
      }
      columns = byName(described);
      known.put(table, columns);
    }
    return List.copyOf(columns.values());
  }

  /** Forgets what is known of every table (after a failure, the next row reads them again). */
  public void forget() {
    known.clear();
  }

  private static Map<String, Column> byName(List<Column> columns) {
    Map<String, Column> map = new LinkedHashMap<>();
    columns.forEach(c -> map.put(c.name(), c));
    return map;
  }
}
