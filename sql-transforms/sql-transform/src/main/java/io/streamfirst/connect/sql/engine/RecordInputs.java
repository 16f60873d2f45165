package io.streamfirst.connect.sql.engine;

import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.calcite.adapter.enumerable.EnumUtils;
import org.apache.calcite.adapter.enumerable.RexToLixTranslator;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.linq4j.tree.ParameterExpression;
import org.apache.calcite.linq4j.tree.Statement;
import org.apache.calcite.rel.type.RelDataType;

/**
 * Tells the code generator how to read a row column: each column the statement uses is read at most
 * once per record into a local, {@code final Object in3 = INPUTS[3].read(record);}, at a call site of
 * its own (so the JIT sees one binding there and can inline it); no row array is built. Columns
 * only the results use are read after the WHERE condition, so filtered records skip them.
 */
final class RecordInputs implements RexToLixTranslator.InputGetter {

  private static final ParameterExpression INPUTS =
      Expressions.parameter(InputBinding[].class, RowProgram.INPUTS_FIELD);

  private final ParameterExpression record;
  private final RelDataType rowType;
  private final Map<Integer, ParameterExpression> used = new TreeMap<>();
  /** The columns whose read statements {@link #takeDeclarations()} has already handed out. */
  private final Set<Integer> declared = new HashSet<>();

  RecordInputs(ParameterExpression record, RelDataType rowType) {
    this.record = record;
    this.rowType = rowType;
  }

  /** The local holding the column's value as its binding returns it (boxed, engine representation). */
  ParameterExpression read(int index) {
    return used.computeIfAbsent(index, i -> Expressions.parameter(Modifier.FINAL, Object.class, "in" + i));
  }

  @Override
  public Expression field(BlockBuilder list, int index, Type storageType) {
    Type type = storageType != null ? storageType
        : QueryPlanner.TYPES.getJavaClass(rowType.getFieldList().get(index).getType());
    return EnumUtils.convert(read(index), type);
  }

  /**
   * The statements that read the columns used since the last call: the generated method reads the
   * columns of the WHERE condition first, and the columns only the results use once the condition holds.
   */
  List<Statement> takeDeclarations() {
    List<Statement> statements = new ArrayList<>();
    for (Map.Entry<Integer, ParameterExpression> column : used.entrySet()) {
      if (!declared.add(column.getKey())) {
        continue;
      }
      Expression binding = Expressions.arrayIndex(INPUTS, Expressions.constant(column.getKey()));
      statements.add(Expressions.declare(Modifier.FINAL, column.getValue(),
          Expressions.call(binding, "read", record)));
    }
    return statements;
  }
}
