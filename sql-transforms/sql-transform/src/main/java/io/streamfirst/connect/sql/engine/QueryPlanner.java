// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.runtime.CalciteException;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql2rel.SqlToRelConverter;

/**
 * Validates a statement against one {@link RecordShape} and reduces it to a {@link RexProgram}:
 * one optional condition and the result expressions over the record's row.
 */
final class QueryPlanner {

  /** One type factory for all plans: types are interned, so sharing keeps them comparable. */
  static final JavaTypeFactoryImpl TYPES = new PgTypeFactory();

  private final Functions functions;
  private final int maxValueBytes;

  /** {@code maxValueBytes}: the largest text or binary value a function may compute ({@code max.value.bytes}). */
  QueryPlanner(Functions functions, int maxValueBytes) {
    this.functions = functions;
    this.maxValueBytes = maxValueBytes;
  }

  /** A validated statement reduced to a program over the row. */
  record Plan(RexProgram program, RelDataType inputType, RelDataType outputType) {
  }

  /** The name of the extra result column that carries the WHERE condition through the conversion. */
  private static final String CONDITION = "$where$";

  /**
   * A fresh syntax tree of the statement, with {@code *} expanded and field paths qualified for
   * {@code shape}. The WHERE condition becomes a last result column: converted as an expression,
   * it escapes the simplification Calcite applies to conditions (which drops a comparison with NULL
   * together with an operand PostgreSQL evaluates); PgConstantFolder simplifies it as PostgreSQL does.
   */
  private static SqlSelect prepare(QueryDefinition query, RecordShape shape, Set<SqlParserPos> nullFields,
      List<SqlNode> dropped) throws InvalidQueryException {
    SqlSelect select = query.parse();
    if (query.isSelect()) {
      SelectItems.expand(select, shape);
    }
    Statements.qualifyFieldPaths(select);
    nullFields.clear();
    dropped.clear();
    nullFields.addAll(UntypedNulls.replace(select, shape, dropped));
    SqlNode where = select.getWhere();
    if (where != null) {
      SqlParserPos pos = where.getParserPosition();
      select.getSelectList().add(SqlStdOperatorTable.AS.createCall(pos, where, new SqlIdentifier(CONDITION, pos)));
      select.setWhere(null);
    }
    return select;
  }

  private static SqlValidator validator(CalciteCatalogReader catalog) {
    return new PgValidator(SqlOperatorTables.chain(Functions.builtInTable(), catalog), catalog, TYPES,
        SqlValidator.Config.DEFAULT.withConformance(PgConformance.INSTANCE).withIdentifierExpansion(true)
            .withTypeCoercionFactory(PgTypeCoercion::new));
  }

  private static SqlNode validate(SqlValidator validator, SqlSelect select) throws InvalidQueryException {
    try {
      return validator.validate(select);
    } catch (CalciteContextException e) {
      throw InvalidQueryException.from(e);
    } catch (CalciteException e) {
      throw new InvalidQueryException(e.getMessage(), e);
    }
  }

  Plan plan(QueryDefinition query, RecordShape shape) throws InvalidQueryException {
    Set<SqlParserPos> nullFields = new java.util.HashSet<>();
    List<SqlNode> dropped = new ArrayList<>();
    SqlSelect select = prepare(query, shape, nullFields, dropped);
    CalciteSchema root = CalciteSchema.createRootSchema(false, false);
    RelDataType rowType = shape.rowType();
    root.add(Statements.tableName(select), new AbstractTable() {
      @Override
      public RelDataType getRowType(RelDataTypeFactory typeFactory) {
        return rowType;
      }
    });
    functions.register(root);

    Properties properties = new Properties();
    properties.setProperty(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "true");
    CalciteCatalogReader catalog = new CalciteCatalogReader(root, List.of(), TYPES,
        new CalciteConnectionConfigImpl(properties));
    SqlValidator validator = validator(catalog);
    SqlNode validated = validate(validator, select);
    // Casts to numeric without a modifier get their operand's scale: validated again with it spelled out
    Map<SqlParserPos, Integer> scales = UnconstrainedNumerics.scales(validated, validator, Set.of());
    for (int round = 0; !scales.isEmpty() && round < 4; round++) {
      select = prepare(query, shape, nullFields, dropped);
      UnconstrainedNumerics.apply(select, scales);
      validator = validator(catalog);
      validated = validate(validator, select);
      Map<SqlParserPos, Integer> again = UnconstrainedNumerics.scales(validated, validator, scales.keySet());
      if (again.equals(scales)) {
        break;
      }
      scales = again;
    }
    PgOperators.restoreStandardArithmetic(validated);
    if (validator.isAggregate((SqlSelect) validated)) {
      throw InvalidQueryException.at(select.getParserPosition(),
          "Aggregate functions need many records: use the windowed aggregation connector");
    }

    RexBuilder rexBuilder = new PgRexBuilder();
    RelOptCluster cluster = RelOptCluster.create(new HepPlanner(HepProgram.builder().build()), rexBuilder);
    // No simplification while converting: it would evaluate casts of constants with Calcite's semantics
    // (CAST(2.5::float8 AS bigint) = 3); PgRexRewriter gives every expression PostgreSQL's.
    SqlToRelConverter converter = new SqlToRelConverter(null, validator, catalog, cluster, PgOperators.CONVERTLETS,
        SqlToRelConverter.config().withExpand(false).withTrimUnusedFields(false)
            .withInSubQueryThreshold(Integer.MAX_VALUE)
            .withRelBuilderConfigTransform(relBuilder -> relBuilder.withSimplify(false)));
    // Quoted literals cast to a type, which PostgreSQL converts when it parses the statement (wherever they are)
    List<RexNode> literalConversions = new ArrayList<>();
    for (SqlCall cast : PgOperators.literalCasts(validated)) {
      literalConversions.add(converter.convertExpression(cast));
    }
    // Constants of CASE arms PostgreSQL keeps for a null schemaless field, which it reads as a column
    List<RexNode> plannedInCases = new ArrayList<>();
    for (SqlNode constant : SchemalessNullCases.plannedConstants(validated, nullFields)) {
      plannedInCases.add(converter.convertExpression(constant));
    }
    // and those of the operands of expressions that a null field made NULL before validation (SUBSTRING(f FROM 0 FOR
    // 'x'::smallint)): validated alone
    for (SqlNode constant : SchemalessNullCases.constantParts(dropped, nullFields)) {
      try {
        plannedInCases.add(converter.convertExpression(validator.validateParameterizedExpression(constant, Map.of())));
      } catch (RuntimeException notValid) {
        // not an expression of its own (a flag, a type name): nothing PostgreSQL evaluates either
      }
    }
    RelRoot relRoot = converter.convertQuery(validated, false, true);
    // Overflow checks of arithmetic are PgRexRewriter's, from the operands' final types
    RelNode rel = relRoot.project();

    List<RexNode> projects;
    RelDataType outputType = rel.getRowType();
    if (rel instanceof Project project) {
      projects = project.getProjects();
      rel = project.getInput();
    } else {
      projects = new ArrayList<>();
      for (int i = 0; i < outputType.getFieldCount(); i++) {
        projects.add(new RexInputRef(i, outputType.getFieldList().get(i).getType()));
      }
    }
    RexNode condition = null;
    if (rel instanceof Filter filter) {
      condition = filter.getCondition();
      rel = filter.getInput();
    }
    if (outputType.getFieldCount() > 0
        && CONDITION.equals(outputType.getFieldList().get(outputType.getFieldCount() - 1).getName())) {
      condition = projects.get(projects.size() - 1);
      projects = projects.subList(0, projects.size() - 1);
      RelDataTypeFactory.Builder fields = TYPES.builder();
      outputType.getFieldList().subList(0, outputType.getFieldCount() - 1).forEach(fields::add);
      outputType = fields.build();
    }
    if (!(rel instanceof TableScan)) {
      throw new InvalidQueryException("The statement needs more than one record to evaluate (" + rel.getRelTypeName()
          + "); only projections and a WHERE condition are supported");
    }
    PgRexRewriter postgres = new PgRexRewriter(rexBuilder, maxValueBytes);
    projects = postgres.rewrite(projects);
    condition = condition == null ? null : postgres.condition(condition);
    List<RexNode> mustSucceed = new ArrayList<>(postgres.rewrite(literalConversions));
    mustSucceed.addAll(postgres.droppedConstants());
    postgres.rewrite(plannedInCases).forEach(constant -> RexTraits.collectConstantCalls(constant, mustSucceed));
    PgConstantFolder.Folded folded = PgConstantFolder.fold(rexBuilder, projects, condition, mustSucceed);
    projects = folded.projects().stream().map(postgres::evaluationOrder).toList();
    condition = folded.condition() == null ? null : postgres.evaluationOrder(folded.condition(), true);
    outputType = PgRexRewriter.rowType(outputType, projects);
    RexProgram program = PlainPrograms.create(rowType, projects, condition, outputType);
    return new Plan(program, rowType, outputType);
  }
}
