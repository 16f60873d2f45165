// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.linq4j.tree.ParameterExpression;

/**
 * Objects a generated program uses for every record (the value fields it reads, the new value's
 * schema and fields, converters), held in {@code static final} fields of the generated class. The
 * JIT treats those as constants: no load through an array, and a converter's call is bound to its
 * exact class. The class's static initializer takes the objects from {@link #initializing()}, which
 * {@link ProgramCompiler} provides while it initializes the class it has just compiled.
 */
public final class ProgramConstants {

  private static final ThreadLocal<Object[]> INITIALIZING = new ThreadLocal<>();

  private final List<Object> values = new ArrayList<>();
  private final StringBuilder declarations = new StringBuilder();

  /** A static final field of the generated class, of type {@code type}, holding {@code value}. */
  ParameterExpression add(Object value, Class<?> type) {
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i) == value) {
        return Expressions.parameter(type, name(i));
      }
    }
    String name = name(values.size());
    declarations.append("private static final ").append(type.getCanonicalName()).append(' ').append(name)
        .append(" = (").append(type.getCanonicalName()).append(") ").append(ProgramConstants.class.getName())
        .append(".initializing()[").append(values.size()).append("];\n");
    values.add(value);
    return Expressions.parameter(type, name);
  }

  private static String name(int i) {
    return "CONSTANT" + i;
  }

  /** The field declarations, to open the generated class body (static initializers run in text order). */
  String declarations() {
    return declarations.toString();
  }

  Object[] values() {
    return values.toArray();
  }

  /** Runs {@code initialization} (which initializes a generated class) with {@code values} offered to it. */
  static void offer(Object[] values, Runnable initialization) {
    INITIALIZING.set(values);
    try {
      initialization.run();
    } finally {
      INITIALIZING.remove();
    }
  }

  /** Called by generated classes' static initializers: the objects their constant fields hold. */
  public static Object[] initializing() {
    Object[] values = INITIALIZING.get();
    if (values == null) {
      throw new IllegalStateException("A generated SQL program was initialized outside its compilation");
    }
    return values;
  }
}
