// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

import com.google.common.collect.ImmutableSet;
import java.util.HashMap;
import java.util.Map;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.type.SqlTypeCoercionRule;
import org.apache.calcite.sql.type.SqlTypeMappingRule;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlValidatorCatalogReader;
import org.apache.calcite.sql.validate.SqlValidatorImpl;

/**
 * The validator of every plan, with PostgreSQL's explicit casts where they differ from the SQL
 * standard's: {@code boolean::integer} is 1 or 0 (PostgreSQL has no cast from boolean to the other
 * integer types or to numeric), and an integer cast to boolean is true unless 0.
 */
final class PgValidator extends SqlValidatorImpl {

  private static final SqlTypeMappingRule CASTS = casts();

  PgValidator(SqlOperatorTable operators, SqlValidatorCatalogReader catalog, RelDataTypeFactory types,
      Config config) {
    super(operators, catalog, types, config);
  }

  @Override
  public SqlTypeMappingRule getTypeMappingRule() {
    return CASTS;
  }

  private static SqlTypeMappingRule casts() {
    Map<SqlTypeName, ImmutableSet<SqlTypeName>> rules = new HashMap<>(SqlTypeCoercionRule.instance().getTypeMapping());
    rules.put(SqlTypeName.INTEGER, ImmutableSet.<SqlTypeName>builder().addAll(rules.get(SqlTypeName.INTEGER))
        .add(SqlTypeName.BOOLEAN).build());
    return SqlTypeCoercionRule.instance(rules);
  }
}
