package io.streamfirst.connect.sql.engine;

import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Type rules closer to PostgreSQL's than Calcite's defaults: wide numerics, and CASE/COALESCE
 * over string literals of different lengths yield text rather than blank-padded CHAR.
 */
final class PgTypeSystem extends RelDataTypeSystemImpl {

  static final PgTypeSystem INSTANCE = new PgTypeSystem();
  /** Precision used for Connect decimals that do not declare one. */
  static final int MAX_DECIMAL_PRECISION = 100;

  private PgTypeSystem() {}

  @Override
  public int getMaxPrecision(SqlTypeName typeName) {
    return typeName == SqlTypeName.DECIMAL ? MAX_DECIMAL_PRECISION : super.getMaxPrecision(typeName);
  }

  @Override
  public int getMaxScale(SqlTypeName typeName) {
    return typeName == SqlTypeName.DECIMAL ? MAX_DECIMAL_PRECISION : super.getMaxScale(typeName);
  }

  @Override
  public boolean shouldConvertRaggedUnionTypesToVarying() {
    return true;
  }
}
