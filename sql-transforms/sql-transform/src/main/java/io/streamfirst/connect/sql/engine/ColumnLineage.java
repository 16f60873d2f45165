// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexVisitorImpl;
import org.apache.calcite.sql.SqlKind;
import org.apache.kafka.connect.data.Schema;

/**
 * Which input columns each result column of a statement is computed from, read from the planned
 * program (the same expressions the transform runs): a result that is an input column unchanged is a
 * direct copy ({@link Kind#IDENTITY}); any other expression over input columns is a
 * {@link Kind#TRANSFORMATION}; the columns a CASE tests decide the result without flowing into it
 * ({@link Kind#CONDITIONAL}); the columns the WHERE condition reads filter the whole result
 * ({@link Kind#FILTER}, reported once per statement, not per column).
 *
 * <p>Input columns are named by their path in the record: a value field ({@code name}), a nested field
 * ({@code address.city}), or a metadata column ({@code _key}, {@code _key.id}, {@code _topic},
 * {@code _partition}, {@code _offset}, {@code _timestamp}, {@code _headers}).
 */
public final class ColumnLineage {

  /** How an input column contributes to a result column. */
  public enum Kind {
    /** The result is the input column's value unchanged. */
    IDENTITY,
    /** The result is computed from the input column. */
    TRANSFORMATION,
    /** The input column decides which branch of a CASE gives the result. */
    CONDITIONAL,
    /** The input column is read by the WHERE condition, which decides which records are kept. */
    FILTER
  }

  /** One input column and how it contributes. */
  public record Origin(String field, Kind kind) {
  }

  /** One result column: its name, its SQL type and the input columns it comes from, in order. */
  public record Column(String name, String type, List<Origin> origins) {
  }

  /** The result columns in order, and the input columns the WHERE condition reads. */
  public record Result(List<Column> columns, List<Origin> filter) {
  }

  private ColumnLineage() {}

  /**
   * The lineage of {@code query} over records with the given value and key schemas (either may be
   * null: no value fields, no key).
   */
  public static Result of(QueryDefinition query, List<Class<?>> allowedFunctionClasses, int maxValueBytes,
      Schema valueSchema, Schema keySchema) throws InvalidQueryException {
    RelDataType valueType = valueSchema == null ? null : ConnectTypes.sqlType(valueSchema, QueryPlanner.TYPES);
    RelDataType keyType = keySchema == null ? null : ConnectTypes.sqlType(keySchema, QueryPlanner.TYPES);
    RecordShape shape = new RecordShape(valueType, keyType, QueryPlanner.TYPES);
    QueryPlanner.Plan plan = new QueryPlanner(new Functions(allowedFunctionClasses), maxValueBytes).plan(query, shape);
    RexProgram program = plan.program();
    List<String> inputNames = plan.inputType().getFieldNames();
    List<Column> columns = new ArrayList<>();
    for (int i = 0; i < program.getProjectList().size(); i++) {
      RexNode expr = program.expandLocalRef(program.getProjectList().get(i));
      Map<String, Kind> origins = new LinkedHashMap<>();
      collect(expr, inputNames, origins, true);
      columns.add(new Column(plan.outputType().getFieldList().get(i).getName(),
          plan.outputType().getFieldList().get(i).getType().getFullTypeString(), origins(origins)));
    }
    Map<String, Kind> filter = new LinkedHashMap<>();
    if (program.getCondition() != null) {
      RexNode condition = program.expandLocalRef(program.getCondition());
      new Collector(inputNames, filter, Kind.FILTER).visit(condition);
    }
    return new Result(List.copyOf(columns), origins(filter));
  }

  private static List<Origin> origins(Map<String, Kind> origins) {
    return origins.entrySet().stream().map(e -> new Origin(e.getKey(), e.getValue())).toList();
  }

  /** Records the input columns of {@code expr}; {@code top}: whether expr is the whole result expression. */
  private static void collect(RexNode expr, List<String> inputNames, Map<String, Kind> origins, boolean top) {
    String path = path(expr, inputNames);
    if (path != null && top) {
      origins.put(path, Kind.IDENTITY);
      return;
    }
    if (expr instanceof RexCall call && call.getKind() == SqlKind.CASE) {
      // CASE WHEN c1 THEN v1 WHEN c2 THEN v2 ELSE v3 END: operands c1, v1, c2, v2, v3
      List<RexNode> operands = call.getOperands();
      for (int i = 0; i < operands.size(); i++) {
        boolean condition = i % 2 == 0 && i < operands.size() - 1;
        Collector collector = new Collector(inputNames, origins, condition ? Kind.CONDITIONAL : Kind.TRANSFORMATION);
        operands.get(i).accept(collector);
      }
      return;
    }
    expr.accept(new Collector(inputNames, origins, Kind.TRANSFORMATION));
  }

  /** The input column path an expression reads unchanged ({@code a}, {@code a.b}), or null. */
  private static String path(RexNode expr, List<String> inputNames) {
    if (expr instanceof RexInputRef ref) {
      return inputNames.get(ref.getIndex());
    }
    if (expr instanceof RexFieldAccess access) {
      String parent = path(access.getReferenceExpr(), inputNames);
      return parent == null ? null : parent + "." + access.getField().getName();
    }
    return null;
  }

  /** Adds every input column an expression reads, with one kind; a stronger kind already recorded stays. */
  private static final class Collector extends RexVisitorImpl<Void> {
    private final List<String> inputNames;
    private final Map<String, Kind> origins;
    private final Kind kind;

    Collector(List<String> inputNames, Map<String, Kind> origins, Kind kind) {
      super(true);
      this.inputNames = inputNames;
      this.origins = origins;
      this.kind = kind;
    }

    void visit(RexNode node) {
      node.accept(this);
    }

    @Override
    public Void visitInputRef(RexInputRef ref) {
      add(inputNames.get(ref.getIndex()));
      return null;
    }

    @Override
    public Void visitFieldAccess(RexFieldAccess access) {
      String path = path(access, inputNames);
      if (path != null) {
        add(path);
        return null;
      }
      return super.visitFieldAccess(access);
    }

    @Override
    public Void visitCall(RexCall call) {
      if (call.getKind() == SqlKind.CASE && kind == Kind.TRANSFORMATION) {
        collect(call, inputNames, origins, false);
        return null;
      }
      return super.visitCall(call);
    }

    private void add(String field) {
      // A column that flows into the result (TRANSFORMATION) is reported as such even if a CASE also tests it
      Kind previous = origins.get(field);
      if (previous == null || (previous == Kind.CONDITIONAL && kind == Kind.TRANSFORMATION)) {
        origins.put(field, kind);
      }
    }
  }
}
