// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.fun.SqlCase;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlShuttle;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Replaces references to schemaless fields whose value is null (type {@code NULL}) with an
 * untyped NULL literal, so that a query valid for records where the field has a value stays
 * valid, and NULL, when it is null: {@code flag IS TRUE} is false and {@code COALESCE(n, 0)} is 0
 * instead of a type error.
 */
final class UntypedNulls {

  /** Functions whose result is NULL when their first operand, a text, is (they are strict). */
  private static final Set<String> NULL_OF_TEXT = Set.of("RIGHT", "LEFT", "LPAD", "RPAD", "UPPER", "LOWER", "BTRIM",
      "LTRIM", "RTRIM",
      "REVERSE", "INITCAP", "REPEAT", "REPLACE", "REGEXP_REPLACE", "SPLIT_PART", "SUBSTRING", "TRANSLATE3", "OVERLAY");
  /** Functions of one text operand that need it typed. */
  private static final Set<String> TEXT_ARGUMENT = Set.of("OCTET_LENGTH", "CHAR_LENGTH", "CHARACTER_LENGTH", "LENGTH",
      "ASCII");

  private UntypedNulls() {}

  /**
   * Rewrites the statement; returns the positions of the NULL literals that stand for a field (or an
   * expression NULL because of one), which PostgreSQL reads as a column, not as a constant. The operands
   * of expressions replaced by NULL go to {@code dropped}: PostgreSQL still evaluates their constants.
   */
  static Set<SqlParserPos> replace(SqlSelect select, RecordShape shape, List<SqlNode> dropped) {
    Set<String> untyped = new HashSet<>();
    for (RelDataTypeField field : shape.valueFields()) {
      if (field.getType().getSqlTypeName() == SqlTypeName.NULL) {
        untyped.add(field.getName());
      }
    }
    Set<SqlParserPos> fields = new HashSet<>();
    if (untyped.isEmpty()) {
      return fields;
    }
    String alias = Statements.fromName(select);
    Statements.rewriteColumnReferences(select, id -> {
      int first = id.names.size() > 1 && id.names.get(0).equals(alias) ? 1 : 0;
      if (!untyped.contains(id.names.get(first))) {
        return id;
      }
      fields.add(id.getParserPosition());
      return SqlLiteral.createNull(id.getParserPosition());
    });
    // Where a condition is expected (WHERE, CASE WHEN, AND, OR, NOT), the NULL is a boolean one
    if (select.getWhere() != null) {
      select.setWhere(booleanNull(select.getWhere()));
    }
    SqlShuttle conditions = new SqlShuttle() {
      @Override
      public SqlNode visit(SqlCall call) {
        SqlCall visited = (SqlCall) super.visit(call);
        if (visited != null && isNullOf(visited)) {
          // an expression that is NULL because a field is: an untyped NULL too (-x, COALESCE(b, b), NULLIF(b, b))
          fields.add(visited.getParserPosition());
          visited.getOperandList().stream().filter(operand -> operand != null && !isNull(operand))
              .forEach(dropped::add);
          return SqlLiteral.createNull(visited.getParserPosition());
        }
        if (visited != null && visited.operandCount() == 1 && TEXT_ARGUMENT.contains(functionName(visited))
            && isNull(visited.operand(0))) {
          // the type the function needs, as PostgreSQL types an unknown: OCTET_LENGTH(RIGHT(s, 1)) is NULL
          visited.setOperand(0, typedNull(visited.operand(0), SqlTypeName.VARCHAR));
        }
        if (visited instanceof SqlCase kase && kase.getValueOperand() == null) {
          SqlNodeList whens = kase.getWhenOperands();
          for (int i = 0; i < whens.size(); i++) {
            whens.set(i, booleanNull(whens.get(i)));
          }
        } else if (visited != null && (visited.getKind() == SqlKind.AND || visited.getKind() == SqlKind.OR
            || visited.getKind() == SqlKind.NOT)) {
          for (int i = 0; i < visited.operandCount(); i++) {
            visited.setOperand(i, booleanNull(visited.operand(i)));
          }
        }
        return visited;
      }
    };

    SqlNodeList items = select.getSelectList();
    for (int i = 0; i < items.size(); i++) {
      items.set(i, items.get(i).accept(conditions));
    }
    if (select.getWhere() != null) {
      select.setWhere(select.getWhere().accept(conditions));
    }
    return fields;
  }

  /** {@code CAST(NULL AS BOOLEAN)} for a bare NULL, else the node. */
  private static SqlNode booleanNull(SqlNode node) {
    return isNull(node) ? typedNull(node, SqlTypeName.BOOLEAN) : node;
  }

  private static SqlNode typedNull(SqlNode node, SqlTypeName type) {
    SqlParserPos pos = node.getParserPosition();
    return SqlStdOperatorTable.CAST.createCall(pos, node,
        new SqlDataTypeSpec(new SqlBasicTypeNameSpec(type, pos), pos));
  }

  private static boolean isNull(SqlNode node) {
    return node instanceof SqlLiteral literal && literal.getTypeName() == SqlTypeName.NULL;
  }

  /**
   * Whether the call is NULL whatever its other operands are, because of untyped NULL operands:
   * a sign, a text function of a NULL text, COALESCE of NULLs, NULLIF of a NULL, a CASE whose
   * every result is NULL.
   */
  private static boolean isNullOf(SqlCall call) {
    List<SqlNode> operands = call.getOperandList();
    if (call instanceof SqlCase kase) {
      return kase.getThenOperands().stream().allMatch(UntypedNulls::isNull)
          && (kase.getElseOperand() == null || isNull(kase.getElseOperand()));
    }
    if (call.getKind() == SqlKind.MINUS_PREFIX || call.getKind() == SqlKind.PLUS_PREFIX) {
      return isNull(operands.get(0));
    }
    String name = functionName(call);
    if (name.equals("COALESCE")) {
      return operands.stream().allMatch(UntypedNulls::isNull);
    }
    return !operands.isEmpty() && (name.equals("NULLIF") || NULL_OF_TEXT.contains(name)) && isNull(operands.get(0));
  }

  private static String functionName(SqlCall call) {
    return call.getOperator().getName().toUpperCase(Locale.ROOT);
  }
}
