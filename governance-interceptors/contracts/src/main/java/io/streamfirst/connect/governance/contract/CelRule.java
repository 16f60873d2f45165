// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance.contract;

import dev.cel.common.CelValidationException;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A CEL expression compiled once. {@code CEL} rules see the record value as {@code message}; {@code CEL_FIELD}
 * rules run once per field carrying one of the rule's tags and see {@code value} (the field's value),
 * {@code name}, {@code fullName} ({@code Record.field}), {@code typeName} (Connect type in upper case: STRING,
 * INT32, ...), {@code tags} and {@code message}. As in Confluent's CEL_FIELD rules, an expression
 * {@code guard ; expr} checks {@code expr} only for fields where {@code guard} is true.
 */
final class CelRule {

  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();
  // message is dyn: a struct or map value is a CEL map, a string value (a line of text) a CEL string
  private static final CelCompiler MESSAGE = CelCompilerFactory.standardCelCompilerBuilder()
      .addVar("message", SimpleType.DYN).setResultType(SimpleType.BOOL).build();
  private static final CelCompiler FIELD = CelCompilerFactory.standardCelCompilerBuilder()
      .addVar("message", SimpleType.DYN).addVar("value", SimpleType.DYN)
      .addVar("name", SimpleType.STRING).addVar("fullName", SimpleType.STRING)
      .addVar("typeName", SimpleType.STRING).addVar("tags", ListType.create(SimpleType.STRING))
      .setResultType(SimpleType.BOOL).build();

  private final CelRuntime.Program guard;
  private final CelRuntime.Program program;

  private CelRule(CelRuntime.Program guard, CelRuntime.Program program) {
    this.guard = guard;
    this.program = program;
  }

  static CelRule compile(Rule rule, boolean field, String where) {
    CelCompiler compiler = field ? FIELD : MESSAGE;
    String expr = rule.expr();
    String guardExpr = null;
    int semicolon = field ? expr.indexOf(';') : -1;
    if (semicolon >= 0) {
      guardExpr = expr.substring(0, semicolon).trim();
      expr = expr.substring(semicolon + 1).trim();
    }
    if (expr.isBlank()) {
      throw new ContractException(where + ": rule '" + rule.name() + "' (" + rule.type() + ") has no expr");
    }
    return new CelRule(guardExpr == null || guardExpr.isEmpty() ? null : program(compiler, guardExpr, rule, where),
        program(compiler, expr, rule, where));
  }

  private static CelRuntime.Program program(CelCompiler compiler, String expr, Rule rule, String where) {
    try {
      return RUNTIME.createProgram(compiler.compile(expr).getAst());
    } catch (CelValidationException e) {
      throw new ContractException(where + ": rule '" + rule.name() + "' (" + rule.type() + ") does not compile: "
          + e.getMessage(), e);
    } catch (CelEvaluationException e) {
      throw new ContractException(where + ": rule '" + rule.name() + "' (" + rule.type() + ") cannot be planned: "
          + e.getMessage(), e);
    }
  }

  /** Null when the message passes, else why not (never a value). */
  String checkMessage(Object message) {
    // A resolver, not a map: the runtime copies a map into a new activation for every evaluation.
    Optional<Object> found = Optional.of(message);
    try {
      Object result = program.eval(name -> "message".equals(name) ? found : Optional.empty());
      return Boolean.TRUE.equals(result) ? null : "the expression is false";
    } catch (CelEvaluationException e) {
      return "the expression could not be evaluated (" + errorKind(e) + ")";
    }
  }

  /** Null when the field passes (or the guard excludes it), else why not (never a value). */
  String checkField(Object message, Object value, String name, String fullName, String typeName, List<String> tags) {
    Map<String, Object> vars = new HashMap<>();
    vars.put("message", message);
    vars.put("value", value);
    vars.put("name", name);
    vars.put("fullName", fullName);
    vars.put("typeName", typeName);
    vars.put("tags", tags);
    if (guard != null && run(guard, vars) != null) {
      return null;
    }
    String reason = run(program, vars);
    return reason == null ? null : "field '" + name + "': " + reason;
  }

  private static String run(CelRuntime.Program program, Map<String, Object> vars) {
    try {
      Object result = program.eval(vars);
      return Boolean.TRUE.equals(result) ? null : "the expression is false";
    } catch (CelEvaluationException e) {
      // The message of an evaluation error can quote values: only its kind is reported.
      return "the expression could not be evaluated (" + errorKind(e) + ")";
    }
  }

  private static String errorKind(CelEvaluationException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (message.contains("No matching overload")) {
      return "no matching overload: a null or a value of another type";
    }
    if (message.contains("key")) {
      return "a field the message does not have";
    }
    return e.getErrorCode() == null ? "error" : e.getErrorCode().name();
  }
}
