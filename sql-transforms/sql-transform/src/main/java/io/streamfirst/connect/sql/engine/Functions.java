// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

import io.streamfirst.connect.sql.functions.PgTextFunctions;
import io.streamfirst.connect.sql.functions.PiiFunctions;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;
import org.apache.calcite.sql.SqlBasicFunction;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.fun.SqlLibrary;
import org.apache.calcite.sql.fun.SqlLibraryOperatorTableFactory;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeTransforms;
import org.apache.calcite.sql.util.SqlOperatorTables;

/**
 * The functions a query may call: the SQL standard's, PostgreSQL's as far as Calcite implements
 * them, Streamfirst's own (MASK, SHA256), and public static methods of explicitly allowed classes.
 */
final class Functions {

  /**
   * Built-in names replaced by Streamfirst implementations with PostgreSQL semantics, or typed as
   * PostgreSQL types them ({@link PgOperators}: the validator resolves every function by name here).
   */
  private static final Set<String> OVERRIDDEN = Set.of("SHA256", "MASK", "DATE_TRUNC", "ROUND", "TRUNCATE",
      "EXTRACT", "FLOOR", "CEIL", "SIGN", "MOD");

  /**
   * PostgreSQL's {@code date_trunc('unit', timestamp)} (Calcite's DATE_TRUNC takes its arguments the
   * other way round); {@link PgRexRewriter} implements it.
   */
  static final SqlFunction DATE_TRUNC = new SqlFunction("DATE_TRUNC", SqlKind.OTHER_FUNCTION,
      ReturnTypes.ARG1_NULLABLE, null, OperandTypes.family(SqlTypeFamily.CHARACTER, SqlTypeFamily.TIMESTAMP),
      SqlFunctionCategory.TIMEDATE);

  private static final SqlOperatorTable BUILT_IN = builtIn();

  private final List<Class<?>> allowedClasses;

  Functions(List<Class<?>> allowedClasses) {
    this.allowedClasses = List.copyOf(allowedClasses);
  }

  /** The built-in operators (standard and PostgreSQL), minus those Streamfirst overrides. */
  static SqlOperatorTable builtInTable() {
    return BUILT_IN;
  }

  private static SqlOperatorTable builtIn() {
    SqlOperatorTable library = SqlLibraryOperatorTableFactory.INSTANCE
        .getOperatorTable(SqlLibrary.STANDARD, SqlLibrary.POSTGRESQL);
    List<SqlOperator> kept = new ArrayList<>();
    for (SqlOperator operator : library.getOperatorList()) {
      if (operator instanceof SqlBasicFunction function
          && PgRexRewriter.STRICT_FUNCTIONS.contains(function.getName())) {
        // Calcite types these NOT NULL whatever their operands, so that GREATEST, LEAST and COALESCE over them would
        // skip their NULL check: LEAST('a', LPAD(s, 4)) of a NULL s must be 'a'. Nullable when an operand is (the copy
        // is equal to the library function: it is implemented as that)
        kept.add(function.withReturnTypeInference(
            function.getReturnTypeInference().andThen(SqlTypeTransforms.TO_NULLABLE)));
      } else if (operator instanceof SqlBasicFunction function
          && PgOperators.NUMERIC_MATH.contains(function.getName())) {
        // numeric in, numeric out, as PostgreSQL resolves them (the implementation is chosen by PgRexRewriter)
        kept.add(function.withReturnTypeInference(binding -> PgOperators.numericMathType(binding,
            function.getReturnTypeInference())));
      } else if (!OVERRIDDEN.contains(operator.getName())
          && !PgOperators.STANDARD_ARITHMETIC.containsValue(operator)) {
        kept.add(operator);
      }
    }
    kept.addAll(PgOperators.STANDARD_ARITHMETIC.keySet());
    kept.add(DATE_TRUNC);
    kept.add(PgOperators.ROUND);
    kept.add(PgOperators.TRUNCATE);
    kept.add(PgOperators.EXTRACT);
    kept.add(PgOperators.FLOOR);
    kept.add(PgOperators.CEIL);
    kept.add(PgOperators.SIGN);
    kept.add(PgOperators.MOD);
    return SqlOperatorTables.of(kept);
  }

  /** Registers Streamfirst's functions and the allowed classes' methods in {@code schema}. */
  void register(CalciteSchema root) {
    org.apache.calcite.schema.SchemaPlus schema = root.plus();
    schema.add("MASK", ScalarFunctionImpl.create(method(PiiFunctions.class, "mask", String.class)));
    schema.add("MASK", ScalarFunctionImpl.create(method(PiiFunctions.class, "mask", String.class, int.class)));
    schema.add("SHA256", ScalarFunctionImpl.create(method(PiiFunctions.class, "sha256", String.class)));
    // PostgreSQL text functions Calcite does not offer
    schema.add("BTRIM", ScalarFunctionImpl.create(method(PgTextFunctions.class, "btrim", String.class)));
    schema.add("BTRIM", ScalarFunctionImpl.create(method(PgTextFunctions.class, "btrim", String.class, String.class)));
    schema.add("REVERSE", ScalarFunctionImpl.create(method(PgTextFunctions.class, "reverse", String.class)));
    for (Class<?> type : allowedClasses) {
      for (Method method : type.getMethods()) {
        if (Modifier.isStatic(method.getModifiers()) && method.getDeclaringClass() == type) {
          schema.add(method.getName().toUpperCase(Locale.ROOT), ScalarFunctionImpl.create(method));
        }
      }
    }
  }

  private static Method method(Class<?> type, String name, Class<?>... parameters) {
    try {
      return type.getMethod(name, parameters);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("Missing built-in function " + type.getSimpleName() + "." + name, e);
    }
  }
}
