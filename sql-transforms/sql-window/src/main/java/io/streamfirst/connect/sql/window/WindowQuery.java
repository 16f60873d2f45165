// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.window;

import io.streamfirst.connect.sql.engine.InvalidQueryException;
import io.streamfirst.connect.sql.engine.QueryDefinition;
import io.streamfirst.connect.sql.engine.SqlDialect;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;

/**
 * A windowed aggregation statement, planned once at configuration:
 *
 * <pre>
 * SELECT window_start, window_end, customer_id, COUNT(*) AS orders, SUM(total) AS revenue
 * FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(placed_at), INTERVAL '1' MINUTE))
 * WHERE status &lt;&gt; 'test'
 * GROUP BY window_start, window_end, customer_id
 * HAVING SUM(total) &gt; 0
 * EMIT FINAL
 * </pre>
 *
 * It is taken apart into two single-record statements that the SqlTransform engine types and
 * compiles: the <em>input statement</em> ({@code SELECT <event time>, <group columns>, <aggregate
 * arguments> FROM orders WHERE <where>}), evaluated per input record, and the <em>result statement</em>
 * ({@code SELECT <select list> FROM window WHERE <having>}), evaluated per window and group over a row
 * holding {@code window_start}, {@code window_end}, the group columns and the aggregate values.
 */
public final class WindowQuery {

  /** Window kinds. */
  public enum Kind {
    TUMBLE, HOP, CUMULATE, SESSION
  }

  /** When results are written. */
  public enum Emit {
    FINAL, CHANGES
  }

  static final String WINDOW_START = "window_start";
  static final String WINDOW_END = "window_end";
  /** Column of the input statement holding the event time. */
  static final String EVENT_TIME = "sf_event_time";
  static final String TIMESTAMP_COLUMN = "_timestamp";
  private static final Set<String> METADATA = Set.of("_key", "_topic", "_partition", "_offset", "_headers");
  private static final Set<String> SUPPORTED = Set.of("COUNT", "SUM", "MIN", "MAX", "AVG", "FIRST_VALUE",
      "LAST_VALUE");
  private static final Set<String> OTHER_AGGREGATES = Set.of("STDDEV", "STDDEV_POP",
      "STDDEV_SAMP", "VARIANCE", "VAR_POP", "VAR_SAMP", "ARRAY_AGG", "STRING_AGG", "LISTAGG", "BOOL_AND", "BOOL_OR",
      "EVERY", "APPROX_COUNT_DISTINCT", "BIT_AND", "BIT_OR", "COLLECT", "ANY_VALUE", "MODE", "PERCENTILE_CONT",
      "PERCENTILE_DISC", "JSON_ARRAYAGG", "JSON_OBJECTAGG", "REGR_COUNT", "COVAR_POP", "COVAR_SAMP", "CORR");
  private static final Pattern EMIT = Pattern.compile("(?is)^(.*?)\\s+EMIT\\s+(FINAL|CHANGES)\\s*;?\\s*$");

  /** One aggregate call: its function, DISTINCT, and (but for COUNT(*)) its argument column in the input row. */
  public record Aggregate(AggregateKind kind, boolean distinct, String argument, String output, String text) {
  }

  private final String text;
  private final Kind kind;
  private final Emit emit;
  private final long sizeMs;
  private final long advanceMs;
  private final boolean recordTimestamp;
  private final List<String> groupColumns;
  private final List<Aggregate> aggregates;
  private final QueryDefinition inputStatement;
  private final QueryDefinition resultStatement;

  private WindowQuery(String text, Builder b) throws InvalidQueryException {
    this.text = text;
    this.kind = b.kind;
    this.emit = b.emit;
    this.sizeMs = b.sizeMs;
    this.advanceMs = b.advanceMs;
    this.recordTimestamp = b.recordTimestamp;
    this.groupColumns = List.copyOf(b.groupColumns);
    this.aggregates = List.copyOf(b.aggregates);
    this.inputStatement = QueryDefinition.select(b.input.toString());
    this.resultStatement = QueryDefinition.select(b.result.toString());
  }

  private static final class Builder {
    Kind kind;
    Emit emit = Emit.FINAL;
    long sizeMs;
    long advanceMs;
    boolean recordTimestamp;
    String alias;
    final List<String> groupColumns = new ArrayList<>();
    final List<Aggregate> aggregates = new ArrayList<>();
    /** Aggregate calls by their canonical text, so the same call written twice is computed once. */
    final Map<String, String> aggregateColumns = new LinkedHashMap<>();
    String timeColumn;
    /** Aggregate argument columns of the input statement and their expressions' text. */
    final Map<String, String> argumentText = new LinkedHashMap<>();
    final StringBuilder input = new StringBuilder();
    final StringBuilder result = new StringBuilder();
  }

  /** Plans {@code sql}; errors name the line and column of the offending clause. */
  public static WindowQuery plan(String sql) throws InvalidQueryException {
    Builder b = new Builder();
    String body = sql;
    Matcher emit = EMIT.matcher(sql);
    if (emit.matches()) {
      body = emit.group(1);
      b.emit = Emit.valueOf(emit.group(2).toUpperCase(Locale.ROOT));
    }
    SqlDialect.Parsed parsed = SqlDialect.parseQuery(body);
    if (!(parsed.node() instanceof SqlSelect select)) {
      throw SqlDialect.error(parsed.node().getParserPosition(), "Expected SELECT ... FROM TABLE(TUMBLE(...)),"
          + " TABLE(HOP(...)), TABLE(CUMULATE(...)) or TABLE(SESSION(...)) ... GROUP BY window_start, window_end, ...; ORDER BY, LIMIT and set operations are not"
          + " supported in a windowed aggregation");
    }
    Source text = new Source(parsed.text());
    WindowCall window = WindowCall.of(select);
    b.kind = window.kind();
    b.sizeMs = window.sizeMs();
    b.advanceMs = window.advanceMs();
    b.timeColumn = window.timeColumn();
    b.recordTimestamp = TIMESTAMP_COLUMN.equals(window.timeColumn());
    b.alias = window.alias();
    String table = window.table();
    List<String> sessionKeys = window.sessionKeys();
    if (select.isDistinct()) {
      throw SqlDialect.error(select.getParserPosition(), "SELECT DISTINCT is not supported; GROUP BY does the same");
    }
    rejectClause(select.getOrderList(), "ORDER BY is not supported in a windowed aggregation");
    rejectClause(select.getFetch(), "LIMIT/FETCH is not supported in a windowed aggregation");
    rejectClause(select.getOffset(), "OFFSET is not supported in a windowed aggregation");
    rejectClause(select.getWindowList(),
        "WINDOW clauses are not supported; use TUMBLE, HOP, CUMULATE or SESSION in FROM");
    rejectClause(select.getQualify(), "QUALIFY is not supported in a windowed aggregation");
    groupBy(select, b);
    if (b.kind == Kind.SESSION && !Set.copyOf(sessionKeys).equals(Set.copyOf(b.groupColumns))) {
      throw SqlDialect.error(window.position(), "SESSION windows are per key: its keys (PARTITION BY "
          + String.join(", ", sessionKeys) + ") must be the GROUP BY columns (" + String.join(", ", b.groupColumns)
          + "), so that each group's rows form its own sessions");
    }
    if (select.getWhere() != null) {
      rejectAggregates(select.getWhere(), "aggregate functions are not allowed in WHERE; use HAVING");
    }

    // The result statement: the select list and HAVING over the window's row, aggregates replaced by columns.
    List<String> items = new ArrayList<>();
    for (SqlNode item : select.getSelectList()) {
      if (item instanceof SqlIdentifier id && id.isStar()) {
        throw SqlDialect.error(item.getParserPosition(), "SELECT * is not supported in a windowed aggregation; name"
            + " window_start, window_end, the GROUP BY columns and the aggregates");
      }
      SqlNode expression = item.getKind() == SqlKind.AS ? ((SqlCall) item).operand(0) : item;
      checkGrouped(expression, b);
      String replaced = rewrite(item, text, b);
      if (item.getKind() != SqlKind.AS) {
        if (isAggregate(expression)) {
          // PostgreSQL names an unaliased aggregate after its function: count, sum, ...
          replaced += " AS " + quote(functionName(expression).toLowerCase(Locale.ROOT));
        } else if (expression instanceof SqlIdentifier id) {
          replaced += " AS " + quote(Util.last(id.names));
        }
      }
      items.add(replaced);
    }
    b.result.append("SELECT ").append(String.join(", ", items)).append(" FROM sf_window");
    if (select.getHaving() != null) {
      checkGrouped(select.getHaving(), b);
      b.result.append(" WHERE ").append(rewrite(select.getHaving(), text, b));
    }

    // The input statement: event time, group columns and aggregate arguments of the kept records.
    b.input.append("SELECT ").append(b.recordTimestamp ? TIMESTAMP_COLUMN : quote(b.timeColumn))
        .append(" AS ").append(quote(EVENT_TIME));
    for (String column : b.groupColumns) {
      b.input.append(", ").append(quote(column)).append(" AS ").append(quote(column));
    }
    for (Map.Entry<String, String> argument : b.argumentText.entrySet()) {
      b.input.append(", (").append(argument.getValue()).append(") AS ").append(quote(argument.getKey()));
    }
    b.input.append(" FROM ").append(quote(table));
    if (b.alias != null) {
      b.input.append(" AS ").append(quote(b.alias));
    }
    if (select.getWhere() != null) {
      b.input.append(" WHERE ").append(text.slice(select.getWhere()));
    }
    return new WindowQuery(sql, b);
  }

  private static void groupBy(SqlSelect select, Builder b) throws InvalidQueryException {
    SqlNodeList group = select.getGroup();
    if (group == null || group.isEmpty()) {
      throw SqlDialect.error(select.getParserPosition(), "A windowed aggregation needs GROUP BY window_start,"
          + " window_end[, columns]");
    }
    boolean start = false;
    for (SqlNode item : group) {
      if (!(item instanceof SqlIdentifier id) || id.isStar()) {
        throw SqlDialect.error(item.getParserPosition(), "GROUP BY takes window_start, window_end and value column"
            + " names; compute expressions in the SELECT list over the grouped columns");
      }
      String name = column(id, b);
      if (name == null) {
        throw SqlDialect.error(item.getParserPosition(), "GROUP BY takes value column names, not nested fields");
      }
      if (name.equals(WINDOW_START)) {
        start = true;
      } else if (!name.equals(WINDOW_END)) {
        if (METADATA.contains(name) || name.equals(TIMESTAMP_COLUMN)) {
          throw SqlDialect.error(item.getParserPosition(), "Grouping by the metadata column " + name
              + " is not supported; group by value columns");
        }
        if (!b.groupColumns.contains(name)) {
          b.groupColumns.add(name);
        }
      }
    }
    if (!start) {
      throw SqlDialect.error(group.getParserPosition(), "GROUP BY must include window_start (and may include"
          + " window_end): results are per window");
    }
  }

  /** The column an identifier names (dropping the FROM alias), or null for a nested path. */
  private static String column(SqlIdentifier id, Builder b) {
    List<String> names = id.names;
    if (names.size() == 2 && b.alias != null && names.get(0).equals(b.alias)) {
      return names.get(1);
    }
    return names.size() == 1 ? names.get(0) : null;
  }

  /** PostgreSQL's rule: outside aggregates, only grouped columns and window bounds may be read. */
  private static void checkGrouped(SqlNode node, Builder b) throws InvalidQueryException {
    if (node == null || isAggregate(node)) {
      return;
    }
    if (node instanceof SqlIdentifier id) {
      String name = column(id, b);
      if (name == null || !(name.equals(WINDOW_START) || name.equals(WINDOW_END) || b.groupColumns.contains(name))) {
        throw SqlDialect.error(id.getParserPosition(), "column \"" + id + "\" must appear in the GROUP BY clause or"
            + " be used in an aggregate function");
      }
      return;
    }
    if (node instanceof SqlCall call) {
      rejectOtherAggregate(call);
      for (SqlNode operand : call.getOperandList()) {
        checkGrouped(operand, b);
      }
    } else if (node instanceof SqlNodeList list) {
      for (SqlNode operand : list) {
        checkGrouped(operand, b);
      }
    }
  }

  /** {@code node}'s text, its aggregate calls replaced by the window row's columns. */
  private static String rewrite(SqlNode node, Source text, Builder b) throws InvalidQueryException {
    int[] span = text.span(node);
    List<int[]> replacements = new ArrayList<>();
    List<String> columns = new ArrayList<>();
    collectAggregates(node, text, b, replacements, columns);
    StringBuilder out = new StringBuilder(text.text.substring(span[0], span[1]));
    for (int i = replacements.size() - 1; i >= 0; i--) {
      int[] r = replacements.get(i);
      out.replace(r[0] - span[0], r[1] - span[0], columns.get(i));
    }
    return out.toString();
  }

  private static void collectAggregates(SqlNode node, Source text, Builder b, List<int[]> spans, List<String> columns)
      throws InvalidQueryException {
    if (node instanceof SqlCall call && isAggregate(call)) {
      spans.add(text.span(call));
      columns.add(aggregateColumns(call, text, b));
      return;
    }
    if (node instanceof SqlCall call) {
      rejectOtherAggregate(call);
      for (SqlNode operand : call.getOperandList()) {
        collectAggregates(operand, text, b, spans, columns);
      }
    } else if (node instanceof SqlNodeList list) {
      for (SqlNode operand : list) {
        collectAggregates(operand, text, b, spans, columns);
      }
    }
    spans.sort((x, y) -> Integer.compare(x[0], y[0]));
  }

  private static void rejectOtherAggregate(SqlCall call) throws InvalidQueryException {
    String name = functionName(call).toUpperCase(Locale.ROOT);
    if (OTHER_AGGREGATES.contains(name) || call.getKind() == SqlKind.OVER) {
      throw SqlDialect.error(call.getParserPosition(), (call.getKind() == SqlKind.OVER ? "OVER" : name)
          + " is not supported in a windowed aggregation; supported aggregates: COUNT(*), COUNT(x),"
          + " COUNT(DISTINCT x), SUM, MIN, MAX, AVG, FIRST_VALUE, LAST_VALUE");
    }
  }

  /** The window row's column(s) holding {@code call}'s value, as an expression of the result statement. */
  private static String aggregateColumns(SqlCall call, Source text, Builder b) throws InvalidQueryException {
    String name = functionName(call).toUpperCase(Locale.ROOT);
    boolean distinct = call.getFunctionQuantifier() != null
        && "DISTINCT".equalsIgnoreCase(call.getFunctionQuantifier().toValue());
    List<SqlNode> operands = call.getOperandList();
    boolean star = operands.size() == 1 && operands.get(0) instanceof SqlIdentifier id && id.isStar();
    if (operands.size() != 1 || (star && !name.equals("COUNT")) || (star && distinct)) {
      throw SqlDialect.error(call.getParserPosition(), name + " takes one argument"
          + (name.equals("COUNT") ? " or *" : ""));
    }
    if (distinct && !name.equals("COUNT")) {
      throw SqlDialect.error(call.getParserPosition(), name + "(DISTINCT ...) is not supported; DISTINCT is supported"
          + " in COUNT");
    }
    if (call instanceof SqlBasicCall basic && basic.getOperator().getKind() == SqlKind.FILTER) {
      throw SqlDialect.error(call.getParserPosition(), "FILTER (WHERE ...) is not supported on aggregates");
    }
    String argument = null;
    if (!star) {
      rejectAggregates(operands.get(0), "aggregate function calls cannot be nested");
      String argumentText = text.slice(operands.get(0));
      argument = b.argumentText.entrySet().stream().filter(e -> e.getValue().equals(argumentText))
          .map(Map.Entry::getKey).findFirst().orElse(null);
      if (argument == null) {
        argument = "sf_arg" + b.argumentText.size();
        b.argumentText.put(argument, argumentText);
      }
    }
    AggregateKind kind = star ? AggregateKind.COUNT_ROWS : AggregateKind.valueOf(name);
    String key = kind + (distinct ? " DISTINCT " : " ") + argument;
    String column = b.aggregateColumns.get(key);
    if (column == null) {
      String output = "sf_agg" + b.aggregates.size();
      b.aggregates.add(new Aggregate(kind, distinct, argument, output, text.slice(call)));
      column = quote(output);
      b.aggregateColumns.put(key, column);
    }
    return column;
  }

  private static boolean isAggregate(SqlNode node) {
    return node instanceof SqlCall call && call.getOperator() != null
        && (call.getKind() == SqlKind.COUNT || call.getKind() == SqlKind.SUM || call.getKind() == SqlKind.MIN
            || call.getKind() == SqlKind.MAX || call.getKind() == SqlKind.AVG
            || SUPPORTED.contains(functionName(call).toUpperCase(Locale.ROOT)));
  }

  private static String functionName(SqlNode node) {
    SqlCall call = (SqlCall) node;
    return call.getOperator() == null ? "" : call.getOperator().getName();
  }

  private static void rejectAggregates(SqlNode node, String reason) throws InvalidQueryException {
    if (isAggregate(node)) {
      throw SqlDialect.error(node.getParserPosition(), reason);
    }
    if (node instanceof SqlCall call) {
      for (SqlNode operand : call.getOperandList()) {
        if (operand != null) {
          rejectAggregates(operand, reason);
        }
      }
    } else if (node instanceof SqlNodeList list) {
      for (SqlNode operand : list) {
        rejectAggregates(operand, reason);
      }
    }
  }

  private static void rejectClause(SqlNode clause, String reason) throws InvalidQueryException {
    if (clause != null && !(clause instanceof SqlNodeList list && list.isEmpty())) {
      throw SqlDialect.error(clause.getParserPosition(), reason);
    }
  }

  static String quote(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  public String text() {
    return text;
  }

  public Kind kind() {
    return kind;
  }

  public Emit emit() {
    return emit;
  }

  /** The window's size (CUMULATE: its largest window); SESSION's gap. */
  public long sizeMs() {
    return sizeMs;
  }

  /** HOP's slide, CUMULATE's step; TUMBLE's size; SESSION's gap. */
  public long advanceMs() {
    return advanceMs;
  }

  /** SESSION's gap: rows of a group at most this far apart in event time are in one session. */
  public long gapMs() {
    return sizeMs;
  }

  /** Whether event time is the record's timestamp ({@code DESCRIPTOR(_timestamp)}). */
  public boolean recordTimestamp() {
    return recordTimestamp;
  }

  public List<String> groupColumns() {
    return groupColumns;
  }

  public List<Aggregate> aggregates() {
    return aggregates;
  }

  /** Evaluated per input record: event time, group columns and aggregate arguments, after WHERE. */
  public QueryDefinition inputStatement() {
    return inputStatement;
  }

  /** Evaluated per window and group: the SELECT list over the window's row, after HAVING. */
  public QueryDefinition resultStatement() {
    return resultStatement;
  }

  /** Utility: the last element. */
  private static final class Util {
    static String last(List<String> names) {
      return names.get(names.size() - 1);
    }
  }
}
