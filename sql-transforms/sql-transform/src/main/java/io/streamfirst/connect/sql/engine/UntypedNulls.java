package io.streamfirst.connect.sql.engine;

import java.util.HashSet;
import java.util.Set;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlShuttle;

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
    SqlShuttle replacer = new SqlShuttle() {
      @Override
      public SqlNode visit(SqlIdentifier id) {
        if (id.isStar()) {
          return id;
        }
        int first = id.names.size() > 1 && id.names.get(0).equals(alias) ? 1 : 0;
        return untyped.contains(id.names.get(first)) ? SqlLiteral.createNull(id.getParserPosition()) : id;
      }

      @Override
      public SqlNode visit(SqlCall call) {
        if (call.getKind() == SqlKind.AS) {
          call.setOperand(0, call.operand(0).accept(this));
          return call;
        }
        return super.visit(call);
      }

      @Override
      public SqlNode visit(SqlDataTypeSpec type) {
        return type;
      }
    };
    SqlNodeList items = select.getSelectList();
    for (int i = 0; i < items.size(); i++) {
      items.set(i, items.get(i).accept(replacer));
    }
    if (select.getWhere() != null) {
      select.setWhere(select.getWhere().accept(replacer));
    }
  }
}
