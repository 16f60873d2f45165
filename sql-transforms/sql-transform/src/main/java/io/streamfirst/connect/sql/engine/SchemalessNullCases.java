// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.fun.SqlCase;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * The constant expressions PostgreSQL's planner evaluates in CASE arms that SqlTransform drops for a
 * record whose schemaless field is null.
 *
 * <p>PostgreSQL reads such a field as a column, so a CASE condition that reads it is not constant to
 * its planner: it simplifies that arm's result, every later arm whose condition is not a constant
 * FALSE or NULL, and the ELSE, up to a constant TRUE condition, evaluating their constant
 * expressions; one that fails fails the statement ({@code CASE u WHEN 'x' THEN 1 / 0 END} raises
 * division by zero for every row). SqlTransform reads the field as a NULL constant ({@link UntypedNulls}),
 * which folds such a condition to NULL (or TRUE, {@code u IS NULL}) and drops those results
 * unevaluated; the expressions found here are planned as must-succeed constants instead.
 */
final class SchemalessNullCases {

  private final Set<SqlParserPos> nullFields;
  private final List<SqlNode> constants = new ArrayList<>();

  private SchemalessNullCases(Set<SqlParserPos> nullFields) {
    this.nullFields = nullFields;
  }

  /**
   * The expressions without column references that PostgreSQL evaluates when it plans the statement,
   * in the arms of CASEs whose condition reads one of {@code nullFields} (positions of the NULLs that
   * stand for schemaless fields), in the validated statement.
   */
  static List<SqlNode> plannedConstants(SqlNode validated, Set<SqlParserPos> nullFields) {
    SchemalessNullCases cases = new SchemalessNullCases(nullFields);
    if (!nullFields.isEmpty()) {
      validated.accept(new SqlBasicVisitor<Void>() {
        @Override
        public Void visit(SqlCall call) {
          if (call instanceof SqlCase kase) {
            cases.armsAfterANullField(kase);
          }
          return super.visit(call);
        }
      });
    }
    return cases.constants;
  }

  /** The largest parts without column references of {@code nodes} (not bare literals). */
  static List<SqlNode> constantParts(List<SqlNode> nodes, Set<SqlParserPos> nullFields) {
    SchemalessNullCases cases = new SchemalessNullCases(nullFields);
    nodes.forEach(cases::planned);
    return cases.constants;
  }

  private void armsAfterANullField(SqlCase kase) {
    SqlNode value = kase.getValueOperand();
    boolean valueReadsANull = value != null && readsANullField(value);
    SqlNodeList whens = kase.getWhenOperands();
    SqlNodeList thens = kase.getThenOperands();
    boolean reached = false;
    for (int i = 0; i < whens.size(); i++) {
      SqlNode when = whens.get(i);
      boolean readsANull = valueReadsANull || readsANullField(when);
      reached |= readsANull;
      if (!readsANull && isConstant(when) && (value == null || isConstant(value))) {
        if (isFalseOrNull(when) && value == null) {
          continue; // dropped unevaluated by both
        }
        return; // a constant TRUE ends the CASE for both; another constant is left to the constant folder
      }
      if (reached) {
        planned(thens.get(i));
      }
    }
    if (reached) {
      planned(kase.getElseOperand());
    }
  }

  /** Adds the largest parts of {@code node} without column references (not bare literals). */
  private void planned(SqlNode node) {
    if (!(node instanceof SqlCall call)) {
      return;
    }
    if (isConstant(call) && !readsANullField(call)) {
      constants.add(call);
      return;
    }
    if (call instanceof SqlCase kase) {
      plannedArms(kase);
      return;
    }
    for (SqlNode operand : call.getOperandList()) {
      planned(operand);
    }
  }

  /** A CASE PostgreSQL's planner reaches: its conditions, and the results of arms it does not drop. */
  private void plannedArms(SqlCase kase) {
    planned(kase.getValueOperand());
    SqlNodeList whens = kase.getWhenOperands();
    for (int i = 0; i < whens.size(); i++) {
      SqlNode when = whens.get(i);
      planned(when);
      if (kase.getValueOperand() == null && isConstant(when)) {
        if (isFalseOrNull(when)) {
          continue;
        }
        if (isTrue(when)) {
          planned(kase.getThenOperands().get(i));
        }
        return; // a constant TRUE ends the CASE; another constant is left to the constant folder
      }
      planned(kase.getThenOperands().get(i));
    }
    planned(kase.getElseOperand());
  }

  private boolean readsANullField(SqlNode node) {
    return contains(node, leaf -> leaf instanceof SqlLiteral literal && literal.getTypeName() == SqlTypeName.NULL
        && nullFields.contains(literal.getParserPosition()));
  }

  /** No column reference and no schemaless field in it. */
  private boolean isConstant(SqlNode node) {
    return !readsANullField(node) && !contains(node, leaf -> leaf instanceof SqlIdentifier);
  }

  /** Whether a literal or identifier of {@code node} matches. */
  private static boolean contains(SqlNode node, Predicate<SqlNode> leaf) {
    if (node instanceof SqlLiteral || node instanceof SqlIdentifier) {
      return leaf.test(node);
    }
    if (node instanceof SqlNodeList list) {
      return list.stream().anyMatch(item -> item != null && contains(item, leaf));
    }
    return node instanceof SqlCall call
        && call.getOperandList().stream().anyMatch(operand -> operand != null && contains(operand, leaf));
  }

  private static boolean isTrue(SqlNode node) {
    return node instanceof SqlLiteral literal && literal.getTypeName() == SqlTypeName.BOOLEAN
        && Boolean.TRUE.equals(literal.getValueAs(Boolean.class));
  }

  /** FALSE, NULL, or NULL cast to boolean, as written. */
  private static boolean isFalseOrNull(SqlNode node) {
    if (node instanceof SqlCall call && call.getKind() == SqlKind.CAST) {
      return call.operand(0) instanceof SqlLiteral literal && literal.getTypeName() == SqlTypeName.NULL;
    }
    return node instanceof SqlLiteral literal
        && (literal.getTypeName() == SqlTypeName.NULL
            || literal.getTypeName() == SqlTypeName.BOOLEAN && Boolean.FALSE.equals(literal.getValueAs(Boolean.class)));
  }
}
