// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The SQL row a query sees for one kind of record: the value's fields followed by the metadata
 * columns ({@link PseudoColumns#ALL}). A value field that shares a metadata column's name hides it.
 */
final class RecordShape {

  private final RelDataType valueType;
  private final RelDataType rowType;
  private final int[] pseudoIndex;

  /**
   * @param valueType the value's struct type, or null when the record has no value fields (tombstones)
   * @param keyType the key's type, or null when the key is absent
   */
  RecordShape(RelDataType valueType, RelDataType keyType, RelDataTypeFactory types) {
    this.valueType = valueType;
    RelDataTypeFactory.Builder row = types.builder();
    List<String> valueNames = new ArrayList<>();
    if (valueType != null) {
      for (RelDataTypeField field : valueType.getFieldList()) {
        row.add(field.getName(), field.getType());
        valueNames.add(field.getName());
      }
    }
    pseudoIndex = new int[PseudoColumns.ALL.size()];
    int next = valueNames.size();
    for (int i = 0; i < pseudoIndex.length; i++) {
      String name = PseudoColumns.ALL.get(i);
      if (valueNames.contains(name)) {
        pseudoIndex[i] = -1;
        continue;
      }
      pseudoIndex[i] = next++;
      row.add(name, pseudoType(name, keyType, types));
    }
    this.rowType = row.build();
  }

  private static RelDataType pseudoType(String name, RelDataType keyType, RelDataTypeFactory types) {
    RelDataType type = switch (name) {
      case PseudoColumns.KEY -> keyType == null ? types.createSqlType(SqlTypeName.VARCHAR) : keyType;
      case PseudoColumns.TOPIC -> types.createSqlType(SqlTypeName.VARCHAR);
      case PseudoColumns.PARTITION -> types.createSqlType(SqlTypeName.INTEGER);
      case PseudoColumns.OFFSET -> types.createSqlType(SqlTypeName.BIGINT);
      case PseudoColumns.TIMESTAMP -> types.createSqlType(SqlTypeName.TIMESTAMP, 3);
      case PseudoColumns.HEADERS -> types.createMapType(
          types.createSqlType(SqlTypeName.VARCHAR),
          types.createTypeWithNullability(types.createSqlType(SqlTypeName.VARCHAR), true));
      default -> throw new IllegalArgumentException(name);
    };
    return types.createTypeWithNullability(type, true);
  }

  /** The full row type: value fields, then metadata columns. */
  RelDataType rowType() {
    return rowType;
  }

  /** The value's fields, in order; empty for a record without value fields. */
  List<RelDataTypeField> valueFields() {
    return valueType == null ? List.of() : valueType.getFieldList();
  }

  /** The row position of a metadata column, or -1 when a value field hides it. */
  int pseudoColumnIndex(String name) {
    return pseudoIndex[PseudoColumns.ALL.indexOf(name)];
  }
}
