// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

import java.util.List;
import org.apache.calcite.sql.SqlSelect;

/**
 * A statement checked once at configuration: its text, whether it is a SELECT or a predicate
 * condition, and which columns it reads.
 */
public final class QueryDefinition {

  private final String text;
  private final boolean select;
  private final boolean readsValue;
  private final boolean readsKey;
  private final List<String> valueColumns;

  private QueryDefinition(String text, boolean select) throws InvalidQueryException {
    this.text = text;
    this.select = select;
    SqlSelect parsed = parse();
    List<String> columns = Statements.referencedColumns(parsed);
    this.readsValue = columns.stream().anyMatch(name -> !PseudoColumns.isPseudo(name));
    this.readsKey = columns.contains(PseudoColumns.KEY);
    this.valueColumns = columns.stream().filter(name -> !PseudoColumns.isPseudo(name) && !"*".equals(name))
        .distinct().toList();
  }

  /** A {@code SELECT ... FROM name [WHERE ...]} statement. */
  public static QueryDefinition select(String sql) throws InvalidQueryException {
    return new QueryDefinition(sql, true);
  }

  /** A boolean condition, as in a WHERE clause. */
  public static QueryDefinition condition(String condition) throws InvalidQueryException {
    return new QueryDefinition(condition, false);
  }

  /** A fresh syntax tree (validation mutates trees, so each plan parses anew). */
  SqlSelect parse() throws InvalidQueryException {
    return select ? Statements.parseSelect(text) : Statements.parseCondition(text);
  }

  boolean isSelect() {
    return select;
  }

  /** Whether the statement reads the record value (else it reads metadata columns only). */
  public boolean readsValue() {
    return readsValue;
  }

  /**
   * Whether the statement can be fully checked without seeing a record: it reads neither the value
   * nor the key, whose types are only known per record.
   */
  public boolean checkableWithoutRecord() {
    return !readsValue && !readsKey;
  }

  /** The value fields the statement names (not those it reads through {@code *}). */
  List<String> valueColumns() {
    return valueColumns;
  }

  public String text() {
    return text;
  }
}
