// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexLocalRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexShuttle;

/**
 * Builds a {@link RexProgram} from expressions as they are. Calcite's program builder simplifies
 * every expression it registers with its own rules (a CASE whose branches are equal loses its
 * condition, even one that raises an error in PostgreSQL); the expressions here already mean what
 * PostgreSQL means, constants folded as PostgreSQL folds them ({@link PgConstantFolder}). Common
 * sub-expressions are shared, as in any program.
 */
final class PlainPrograms {

  private PlainPrograms() {}

  static RexProgram create(RelDataType inputType, List<RexNode> projects, RexNode condition, RelDataType outputType) {
    List<RexNode> exprs = new ArrayList<>();
    for (RelDataTypeField field : inputType.getFieldList()) {
      exprs.add(new RexInputRef(field.getIndex(), field.getType()));
    }
    Map<String, RexLocalRef> registered = new HashMap<>();
    RexShuttle register = new RexShuttle() {
      @Override
      public RexNode visitInputRef(RexInputRef input) {
        return new RexLocalRef(input.getIndex(), input.getType());
      }

      @Override
      public RexNode visitLiteral(RexLiteral literal) {
        return add(literal);
      }

      @Override
      public RexNode visitCall(RexCall call) {
        return add(super.visitCall(call));
      }

      @Override
      public RexNode visitFieldAccess(RexFieldAccess access) {
        return add(super.visitFieldAccess(access));
      }

      private RexLocalRef add(RexNode expr) {
        String key = expr + ":" + expr.getType().getFullTypeString();
        RexLocalRef ref = registered.get(key);
        if (ref == null) {
          ref = new RexLocalRef(exprs.size(), expr.getType());
          exprs.add(expr);
          registered.put(key, ref);
        }
        return ref;
      }
    };
    List<RexLocalRef> projectRefs = new ArrayList<>();
    for (RexNode project : projects) {
      projectRefs.add(local(project.accept(register)));
    }
    RexLocalRef conditionRef = condition == null ? null : local(condition.accept(register));
    return new RexProgram(inputType, exprs, projectRefs, conditionRef, outputType);
  }

  private static RexLocalRef local(RexNode registered) {
    return (RexLocalRef) registered;
  }
}
