// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

import java.util.HashSet;
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

  private UntypedNulls() {}

  static void replace(SqlSelect select, RecordShape shape) {
    Set<String> untyped = new HashSet<>();
    for (RelDataTypeField field : shape.valueFields()) {
      if (field.getType().getSqlTypeName() == SqlTypeName.NULL) {
        untyped.add(field.getName());
      }
    }
    if (untyped.isEmpty()) {
      return;
    }
    String alias = Statements.fromName(select);
    Statements.rewriteColumnReferences(select, id -> {
      int first = id.names.size() > 1 && id.names.get(0).equals(alias) ? 1 : 0;
      return untyped.contains(id.names.get(first)) ? SqlLiteral.createNull(id.getParserPosition()) : id;
    });
    // Where a condition is expected (WHERE, CASE WHEN, AND, OR, NOT), the NULL is a boolean one
    if (select.getWhere() != null) {
      select.setWhere(booleanNull(select.getWhere()));
    }
    SqlShuttle conditions = new SqlShuttle() {
      @Override
      public SqlNode visit(SqlCall call) {
        SqlCall visited = (SqlCall) super.visit(call);
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
  }

  /** {@code CAST(NULL AS BOOLEAN)} for a bare NULL, else the node. */
  private static SqlNode booleanNull(SqlNode node) {
    if (node instanceof SqlLiteral literal && literal.getTypeName() == SqlTypeName.NULL) {
      SqlParserPos pos = node.getParserPosition();
      return SqlStdOperatorTable.CAST.createCall(pos, node,
          new SqlDataTypeSpec(new SqlBasicTypeNameSpec(SqlTypeName.BOOLEAN, pos), pos));
    }
    return node;
  }
}
