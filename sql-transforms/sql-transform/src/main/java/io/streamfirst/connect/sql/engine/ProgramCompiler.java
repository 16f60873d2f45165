// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.RexToLixTranslator;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.ClassDeclaration;
import org.apache.calcite.linq4j.tree.ClassDeclarationFinder;
import org.apache.calcite.linq4j.tree.DeclarationStatement;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.linq4j.tree.MemberDeclaration;
import org.apache.calcite.linq4j.tree.ParameterExpression;
import org.apache.calcite.linq4j.tree.Statement;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLocalRef;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexProgramBuilder;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.codehaus.commons.compiler.CompileException;
import org.codehaus.janino.ClassBodyEvaluator;

/** Generates Java for a {@link RexProgram} with Calcite's translator and compiles it with Janino. */
final class ProgramCompiler {

  private static final AtomicLong CLASS_COUNTER = new AtomicLong();
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ProgramCompiler.class);

  /**
   * The plugin's class loader, minus classes in the unnamed package. The compiler probes the unnamed
   * package for every simple name it resolves ({@code Integer}, {@code String}); inside a Connect
   * worker those probes travel through the worker's delegating loaders, which do not answer them
   * cleanly. Generated code never uses the unnamed package, so it is simply not offered.
   */
  private static final ClassLoader PACKAGED_NAMES_ONLY = new ClassLoader(ProgramCompiler.class.getClassLoader()) {
    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (name.indexOf('.') < 0) {
        throw new ClassNotFoundException(name);
      }
      return super.loadClass(name, resolve);
    }
  };

  private ProgramCompiler() {}

  /**
   * The generated class body, for diagnostics. With a {@code layout}, the program makes the new
   * record; without one (a condition alone), it returns the record itself when the condition holds.
   */
  static String generate(RexProgram program, InputBinding[] bindings, ResultLayout layout) {
    return generate(program, bindings, layout, new ProgramConstants());
  }

  /** {@link #generate(RexProgram, InputBinding[], ResultLayout)}, collecting the class's constants. */
  private static String generate(RexProgram program, InputBinding[] bindings, ResultLayout layout,
      ProgramConstants constants) {
    ParameterExpression record = Expressions.parameter(ConnectRecord.class, "record");
    ParameterExpression context = DataContext.ROOT;
    ParameterExpression headers = Expressions.parameter(Function.class, "new_headers");
    RecordInputs inputs = new RecordInputs(record, program.getInputRowType(), bindings, constants);

    BlockBuilder statics = new BlockBuilder(false);
    BlockBuilder body = new BlockBuilder();
    // With a condition: if (condition) { results; return new record; } else { return null; }. The else
    // branch keeps the method valid when the code generator folds a constant condition (WHERE 1 = 0):
    // then only one of the branches is left, and nothing follows it.
    Expression condition = program.getCondition() == null
        ? null
        : RexToLixTranslator.translateCondition(program, QueryPlanner.TYPES, body, inputs, null,
            PgConformance.INSTANCE);
    List<Statement> conditionReads = inputs.takeDeclarations();
    BlockBuilder kept = condition == null ? body : new BlockBuilder(true, body);
    if (layout == null) {
      kept.add(Expressions.return_(null, record));
    } else {
      List<Expression> results = RexToLixTranslator.translateProjects(program, QueryPlanner.TYPES,
          PgConformance.INSTANCE, kept, statics, null, context, inputs, null);
      Schema[] asRead = new Schema[results.size()];
      kept.add(Expressions.return_(null, new NewRecordCode(record, headers, layout, constants)
          .newRecord(kept, passThroughInputs(program, inputs, bindings, results, asRead), asRead)));
    }
    // the columns only the results use are read once the condition holds
    List<Statement> resultReads = inputs.takeDeclarations();
    List<Statement> statements = new ArrayList<>(conditionReads);
    if (condition != null) {
      List<Statement> keptStatements = new ArrayList<>(resultReads);
      keptStatements.addAll(kept.toBlock().statements);
      body.add(Expressions.ifThenElse(condition, Expressions.block(keptStatements),
          Expressions.return_(null, Expressions.constant(null))));
    } else {
      statements.addAll(resultReads);
    }

    List<MemberDeclaration> members = new ArrayList<>();
    for (Statement statement : statics.toBlock().statements) {
      DeclarationStatement declaration = (DeclarationStatement) statement;
      members.add(Expressions.fieldDecl(Modifier.PRIVATE | Modifier.STATIC | Modifier.FINAL,
          declaration.parameter, declaration.initializer));
    }
    statements.addAll(body.toBlock().statements);
    members.add(Expressions.methodDecl(Modifier.PUBLIC, ConnectRecord.class, "apply", List.of(record, context, headers),
        Expressions.block(statements)));
    // Hoists constant expressions (e.g. DECIMAL literals, which would otherwise be parsed per record)
    // into static final fields, as Calcite does for its own generated classes; then makes checked
    // DECIMAL casts cheaper.
    ClassDeclaration generated = (ClassDeclaration) Expressions.classDecl(Modifier.PUBLIC, "GeneratedProgram", null,
        List.of(RowProgram.class), members)
        .accept(ClassDeclarationFinder.create())
        .accept(CheckedDecimalCasts.SHUTTLE);
    StringBuilder code = new StringBuilder(constants.declarations())
        .append("public static ").append(InputBinding.class.getName()).append("[] ").append(RowProgram.INPUTS_FIELD)
        .append(";\n")
        .append("public static ").append(ResultLayout.class.getName()).append(' ').append(RowProgram.OUTPUT_FIELD)
        .append(";\n");
    for (MemberDeclaration member : generated.memberDeclarations) {
      code.append(Expressions.toString(member)).append('\n');
    }
    return code.toString();
  }

  /**
   * Result columns that are plain input columns are used as read, without the translator's
   * unbox/re-box round trip (which allocates a new Long, for instance, per record); where the
   * binding returns the value as the record holds it, {@code asRead} gets the column's Connect
   * schema, so that the new record can take the value without a conversion.
   */
  private static List<Expression> passThroughInputs(RexProgram program, RecordInputs inputs,
      InputBinding[] bindings, List<Expression> results, Schema[] asRead) {
    List<Expression> out = new ArrayList<>(results);
    List<RexLocalRef> projects = program.getProjectList();
    for (int i = 0; i < projects.size(); i++) {
      if (program.expandLocalRef(projects.get(i)) instanceof RexInputRef input) {
        out.set(i, inputs.read(input.getIndex()));
        asRead[i] = bindings[input.getIndex()].unconvertedSchema();
      }
    }
    return out;
  }

  /**
   * Evaluates constant expressions (no column references), each on its own: its value in the
   * engine's representation, or the exception it fails with. One class, compiled with the same
   * translator as record programs, so constants mean what they mean per record.
   */
  static List<PgConstantFolder.Outcome> evaluateConstants(List<RexNode> constants) throws InvalidQueryException {
    RexBuilder rexBuilder = new RexBuilder(QueryPlanner.TYPES);
    RelDataType noColumns = QueryPlanner.TYPES.builder().build();
    RexToLixTranslator.InputGetter noInputs = (list, index, storageType) -> {
      throw new IllegalStateException("a constant expression reads column " + index);
    };
    StringBuilder code = new StringBuilder();
    for (int i = 0; i < constants.size(); i++) {
      RexProgramBuilder builder = new RexProgramBuilder(noColumns, rexBuilder);
      builder.addProject(constants.get(i), "c");
      BlockBuilder body = new BlockBuilder();
      List<Expression> values = RexToLixTranslator.translateProjects(builder.getProgram(), QueryPlanner.TYPES,
          PgConformance.INSTANCE, body, null, null, DataContext.ROOT, noInputs, null);
      body.add(Expressions.return_(null, Expressions.box(values.get(0))));
      code.append(Expressions.toString(Expressions.methodDecl(Modifier.PUBLIC | Modifier.STATIC, Object.class,
          "c" + i, List.of(DataContext.ROOT), body.toBlock()))).append('\n');
    }
    Class<?> evaluator;
    ClassBodyEvaluator compiler = new ClassBodyEvaluator();
    compiler
        .setClassName(ProgramCompiler.class.getPackageName() + ".GeneratedConstants" + CLASS_COUNTER.incrementAndGet());
    compiler.setParentClassLoader(PACKAGED_NAMES_ONLY);
    try {
      compiler.cook(code.toString());
      evaluator = compiler.getClazz();
    } catch (CompileException | RuntimeException e) {
      LOG.warn("Generated code that failed to compile:\n{}", code, e);
      throw new InvalidQueryException("The statement's constant expressions could not be compiled (" + e.getMessage()
          + "); please report this with the query", e);
    }
    List<PgConstantFolder.Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < constants.size(); i++) {
      try {
        Object value = evaluator.getMethod("c" + i, DataContext.class).invoke(null, UtcDataContext.INSTANCE);
        outcomes.add(new PgConstantFolder.Outcome(value, null));
      } catch (java.lang.reflect.InvocationTargetException e) {
        RuntimeException failure = e.getCause() instanceof RuntimeException runtime
            ? runtime
            : new IllegalStateException(String.valueOf(e.getCause()));
        outcomes.add(new PgConstantFolder.Outcome(null, failure));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("Generated constants could not be evaluated", e);
      }
    }
    return outcomes;
  }

  private static void setStatic(Class<?> generated, String field, Object value) {
    try {
      generated.getField(field).set(null, value);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Generated program has no field " + field, e);
    }
  }

  /**
   * Compiles the program into a new class loaded by this plugin's class loader; {@code layout} as
   * for {@link #generate}.
   */
  static RowProgram compile(RexProgram program, InputBinding[] bindings, ResultLayout layout)
      throws InvalidQueryException {
    ProgramConstants constants = new ProgramConstants();
    String code = generate(program, bindings, layout, constants);
    ClassBodyEvaluator evaluator = new ClassBodyEvaluator();
    evaluator
        .setClassName(ProgramCompiler.class.getPackageName() + ".GeneratedProgram" + CLASS_COUNTER.incrementAndGet());
    evaluator.setImplementedInterfaces(new Class<?>[]{RowProgram.class});
    evaluator.setParentClassLoader(PACKAGED_NAMES_ONLY);
    try {
      evaluator.cook(code);
      Class<?> generated = evaluator.getClazz();
      // setting the first static field initializes the class, which takes its constants then
      ProgramConstants.offer(constants.values(), () -> setStatic(generated, RowProgram.INPUTS_FIELD, bindings));
      generated.getField(RowProgram.OUTPUT_FIELD).set(null, layout);
      return (RowProgram) generated.getDeclaredConstructor().newInstance();
    } catch (CompileException | RuntimeException e) {
      StringBuilder reason = new StringBuilder();
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        reason.append(reason.length() == 0 ? "" : " <- ").append(cause.getMessage());
      }
      LOG.warn("Generated code that failed to compile:\n{}", code, e);
      throw new InvalidQueryException("The statement could not be compiled (" + reason
          + "); please report this with the query", e);
    } catch (ExceptionInInitializerError e) {
      // A constant sub-expression hoisted into a static field fails (1 / 0, CAST('x' AS DOUBLE)); PostgreSQL
      // raises such errors when it plans the statement. Never let the Error escape to the worker.
      RuntimeException cause = e.getCause() instanceof RuntimeException failure
          ? failure
          : new IllegalStateException(String.valueOf(e.getCause()));
      throw new InvalidQueryException("a constant expression fails: " + EvaluationErrors.describe(cause), e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Generated program could not be instantiated", e);
    }
  }
}
