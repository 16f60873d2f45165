package io.streamfirst.connect.sql.engine;

import java.util.HashSet;
import java.util.Set;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlIdentifier;
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
  }
}
