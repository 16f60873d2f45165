// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.implicit.TypeCoercionImpl;

/**
 * The validator's implicit casts, as Calcite's except that a {@code real} compared with an integer
 * or a numeric compares in double precision, as PostgreSQL resolves such a comparison (to its
 * float48 operators: double precision is the preferred numeric type): {@code i4 = i4::real} is false
 * for 2147483647, whose nearest real is 2147483648. Calcite compares in real.
 */
final class PgTypeCoercion extends TypeCoercionImpl {

  PgTypeCoercion(RelDataTypeFactory types, SqlValidator validator) {
    super(types, validator);
  }

  @Override
  public RelDataType commonTypeForBinaryComparison(RelDataType a, RelDataType b) {
    if (a != null && b != null && (realWithExact(a, b) || realWithExact(b, a))) {
      return factory.createTypeWithNullability(factory.createSqlType(SqlTypeName.DOUBLE),
          a.isNullable() || b.isNullable());
    }
    return super.commonTypeForBinaryComparison(a, b);
  }

  private static boolean realWithExact(RelDataType real, RelDataType other) {
    return real.getSqlTypeName() == SqlTypeName.REAL && SqlTypeUtil.isExactNumeric(other);
  }
}
