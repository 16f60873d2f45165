// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.SqlUserDefinedTypeNameSpec;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * Parses the SQL users write (PostgreSQL dialect: {@code ::} casts, lower-case function names,
 * {@code text}/{@code int4}/... type names) into a single-record {@link SqlSelect}, rejecting
 * every construct that needs more than one record.
 */
final class Statements {

  /** The table name used for predicates, which have no FROM clause of their own. */
  static final String PREDICATE_TABLE = "record";
  /** The single result column of a predicate. */
  static final String PREDICATE_COLUMN = "matches";

  static final SqlParser.Config PARSER = SqlParser.config()
      .withParserFactory(SqlBabelParserImpl.FACTORY)
      .withQuoting(Quoting.DOUBLE_QUOTE)
      .withUnquotedCasing(Casing.UNCHANGED)
      .withQuotedCasing(Casing.UNCHANGED)
      .withCaseSensitive(true)
      .withConformance(PgConformance.INSTANCE);

  /** PostgreSQL type names that the SQL standard spells differently. */
  private static final Map<String, SqlTypeName> PG_TYPES = Map.ofEntries(
      Map.entry("text", SqlTypeName.VARCHAR),
      Map.entry("string", SqlTypeName.VARCHAR),
      Map.entry("int2", SqlTypeName.SMALLINT),
      Map.entry("int4", SqlTypeName.INTEGER),
      Map.entry("int8", SqlTypeName.BIGINT),
      Map.entry("float4", SqlTypeName.REAL),
      Map.entry("float8", SqlTypeName.DOUBLE),
      Map.entry("bool", SqlTypeName.BOOLEAN),
      Map.entry("bytea", SqlTypeName.VARBINARY),
      Map.entry("numeric", SqlTypeName.DECIMAL),
      Map.entry("timestamptz", SqlTypeName.TIMESTAMP));

  /** The character set of {@code text}: the engine's default, spelled out to tell text from varchar. */
  static final String TEXT_CHARSET = "UTF-8";

  private Statements() {}

  /** Parses a {@code SELECT ... FROM name [WHERE ...]} statement. */
  static SqlSelect parseSelect(String sql) throws InvalidQueryException {
    SqlNode node;
    try {
      node = SqlParser.create(InfixCasts.rewrite(sql), PARSER).parseQuery();
    } catch (SqlParseException e) {
      throw InvalidQueryException.from(e);
    }
    if (!(node instanceof SqlSelect select)) {
      throw InvalidQueryException.at(node.getParserPosition(), "Expected a single SELECT ... FROM <name> [WHERE ...]"
          + " statement; " + describe(node.getKind()) + " needs more than one record");
    }
    checkSingleRecord(select);
    return (SqlSelect) select.accept(new Rewriter());
  }

  /** Parses a boolean condition into {@code SELECT TRUE AS matches FROM record WHERE condition}. */
  static SqlSelect parseCondition(String condition) throws InvalidQueryException {
    SqlNode where;
    try {
      where = SqlParser.create(InfixCasts.rewrite(condition), PARSER).parseExpression();
    } catch (SqlParseException e) {
      throw InvalidQueryException.from(e);
    }
    SqlParserPos pos = SqlParserPos.ZERO;
    SqlNode matches = SqlStdOperatorTable.AS.createCall(pos, SqlLiteral.createBoolean(true, pos),
        new SqlIdentifier(PREDICATE_COLUMN, pos));
    SqlSelect select = new SqlSelect(pos, null, SqlNodeList.of(matches), new SqlIdentifier(PREDICATE_TABLE, pos),
        where, null, null, null, null, null, null, null, null);
    checkNoSubQuery(where);
    return (SqlSelect) select.accept(new Rewriter());
  }

  /** The name or alias the query gives its single input. */
  static String fromName(SqlSelect select) {
    SqlNode from = select.getFrom();
    if (from instanceof SqlCall call && call.getKind() == SqlKind.AS) {
      return ((SqlIdentifier) call.operand(1)).getSimple();
    }
    SqlIdentifier id = (SqlIdentifier) from;
    return id.names.get(id.names.size() - 1);
  }

  /** The table name the query reads; the name is free, it always means "the record". */
  static String tableName(SqlSelect select) {
    SqlNode from = select.getFrom();
    if (from instanceof SqlCall call && call.getKind() == SqlKind.AS) {
      from = call.operand(0);
    }
    SqlIdentifier id = (SqlIdentifier) from;
    return id.names.get(id.names.size() - 1);
  }

  private static void checkSingleRecord(SqlSelect select) throws InvalidQueryException {
    SqlNode from = select.getFrom();
    SqlNode table = from instanceof SqlCall call && call.getKind() == SqlKind.AS ? call.operand(0) : from;
    if (!(table instanceof SqlIdentifier)) {
      throw InvalidQueryException.at(from == null ? select.getParserPosition() : from.getParserPosition(),
          "FROM must name exactly one input (any name, e.g. FROM orders); joins, sub-queries and"
              + " table functions are not supported in a single-message transform");
    }
    reject(select.getGroup(), "GROUP BY needs many records: use the windowed aggregation connector");
    reject(select.getHaving(), "HAVING needs many records: use the windowed aggregation connector");
    reject(select.getOrderList(), "ORDER BY has no meaning for a single record");
    reject(select.getOffset(), "OFFSET has no meaning for a single record");
    reject(select.getFetch(), "LIMIT/FETCH has no meaning for a single record");
    reject(select.getWindowList(), "WINDOW clauses need many records: use the windowed aggregation connector");
    reject(select.getQualify(), "QUALIFY needs many records");
    if (select.isDistinct()) {
      throw InvalidQueryException.at(select.getParserPosition(), "DISTINCT needs many records");
    }
    for (SqlNode item : select.getSelectList()) {
      checkNoSubQuery(item);
    }
    checkNoSubQuery(select.getWhere());
  }

  private static void reject(SqlNode clause, String reason) throws InvalidQueryException {
    if (clause != null && !(clause instanceof SqlNodeList list && list.isEmpty())) {
      throw InvalidQueryException.at(clause.getParserPosition(), reason);
    }
  }

  private static void checkNoSubQuery(SqlNode node) throws InvalidQueryException {
    if (node == null) {
      return;
    }
    if (node instanceof SqlSelect || node.getKind() == SqlKind.UNION || node.getKind() == SqlKind.VALUES
        || node.getKind() == SqlKind.EXISTS || node.getKind() == SqlKind.OVER) {
      throw InvalidQueryException.at(node.getParserPosition(), describe(node.getKind())
          + " is not supported in a single-message transform");
    }
    if (node instanceof SqlCall call) {
      for (SqlNode operand : call.getOperandList()) {
        checkNoSubQuery(operand);
      }
    } else if (node instanceof SqlNodeList list) {
      for (SqlNode element : list) {
        checkNoSubQuery(element);
      }
    }
  }

  private static String describe(SqlKind kind) {
    return switch (kind) {
      case SELECT -> "a sub-query";
      case OVER -> "a window function";
      case EXISTS -> "EXISTS";
      default -> kind.sql;
    };
  }

  /** Collects the column names a query refers to (first component of each identifier). */
  static List<String> referencedColumns(SqlSelect select) {
    List<String> names = new ArrayList<>();
    String alias = fromName(select);
    SqlShuttle collector = new SqlShuttle() {
      @Override
      public SqlNode visit(SqlIdentifier id) {
        if (id.isStar()) {
          names.add("*");
        } else if (id.names.size() > 1 && id.names.get(0).equals(alias)) {
          names.add(id.names.get(1));
        } else {
          names.add(id.names.get(0));
        }
        return id;
      }

      @Override
      public SqlNode visit(SqlCall call) {
        if (call.getKind() == SqlKind.AS) {
          call.operand(0).accept(this);
          return call;
        }
        if (call.getOperator().getName().equals("SELECT_STAR_EXCLUDE") || call.getKind() == SqlKind.OTHER
            && call.getClass().getSimpleName().equals("SqlStarExclude")) {
          names.add("*");
          return call;
        }
        return super.visit(call);
      }

      @Override
      public SqlNode visit(SqlDataTypeSpec type) {
        return type;
      }
    };
    select.getSelectList().accept(collector);
    if (select.getWhere() != null) {
      select.getWhere().accept(collector);
    }
    return names;
  }

  /**
   * Prefixes dotted paths that start with a column ({@code address.city}, {@code _key.id}) with the
   * FROM name, so that they resolve as struct field access rather than as a table reference.
   */
  static void qualifyFieldPaths(SqlSelect select) {
    String alias = fromName(select);
    String table = tableName(select);
    rewriteColumnReferences(select, id -> {
      if (id.names.size() < 2 || id.names.get(0).equals(alias) || id.names.get(0).equals(table)) {
        return id;
      }
      List<String> names = new ArrayList<>();
      names.add(alias);
      names.addAll(id.names);
      List<SqlParserPos> positions = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        positions.add(id.getParserPosition());
      }
      return new SqlIdentifier(names, null, id.getParserPosition(), positions);
    });
  }

  /**
   * Rewrites every column reference (not {@code *}, not aliases, not type names) in the SELECT list
   * and the WHERE condition.
   */
  static void rewriteColumnReferences(SqlSelect select, java.util.function.Function<SqlIdentifier, SqlNode> rewrite) {
    SqlShuttle shuttle = new SqlShuttle() {
      @Override
      public SqlNode visit(SqlIdentifier id) {
        return id.isStar() ? id : rewrite.apply(id);
      }

      @Override
      public SqlNode visit(SqlCall call) {
        if (call.getKind() == SqlKind.AS) {
          call.setOperand(0, call.operand(0).accept(this));
          return call;
        }
        return super.visit(call);
      }

      @Override
      public SqlNode visit(SqlDataTypeSpec type) {
        return type;
      }
    };
    SqlNodeList items = select.getSelectList();
    for (int i = 0; i < items.size(); i++) {
      items.set(i, items.get(i).accept(shuttle));
    }
    if (select.getWhere() != null) {
      select.setWhere(select.getWhere().accept(shuttle));
    }
  }

  /**
   * Normalises PostgreSQL spellings: unquoted function names and type names; gives literals and
   * LIKE PostgreSQL's meaning (see {@link PgLiterals}).
   */
  private static final class Rewriter extends SqlShuttle {

    @Override
    public SqlNode visit(SqlLiteral literal) {
      return PgLiterals.exactNumeric(literal);
    }

    @Override
    public SqlNode visit(SqlCall call) {
      SqlCall visited = (SqlCall) super.visit(call);
      if (visited != null && visited.getKind() == SqlKind.LIKE) {
        return PgLiterals.withDefaultEscape(visited);
      }
      if (visited != null && visited.getKind() == SqlKind.CAST) {
        return PgLiterals.foldLiteralCast(visited);
      }
      if (visited != null && (visited.getOperator() == SqlStdOperatorTable.FLOOR
          || visited.getOperator() == SqlStdOperatorTable.CEIL)) {
        // typed as PostgreSQL types them (the validator keeps the parser's FLOOR and CEIL operators)
        return (visited.getOperator() == SqlStdOperatorTable.FLOOR ? PgOperators.FLOOR : PgOperators.CEIL)
            .createCall(visited.getFunctionQuantifier(), visited.getParserPosition(),
                visited.getOperandList().toArray(new SqlNode[0]));
      }
      if (visited != null && visited.getOperator() == SqlStdOperatorTable.CONCAT) {
        return PgLiterals.concatLiterals(visited);
      }
      if (visited != null && visited.getOperator() instanceof SqlUnresolvedFunction function) {
        SqlIdentifier name = function.getSqlIdentifier();
        if (name != null && name.isSimple() && !name.isComponentQuoted(0)) {
          String upper = PgLiterals.functionName(name.getSimple().toUpperCase(Locale.ROOT));
          SqlUnresolvedFunction renamed = new SqlUnresolvedFunction(new SqlIdentifier(upper, name.getParserPosition()),
              null, null, null, null, SqlFunctionCategory.USER_DEFINED_FUNCTION);
          SqlBasicCall basic = (SqlBasicCall) visited;
          return new SqlBasicCall(renamed, basic.getOperandList(), basic.getParserPosition(),
              basic.getFunctionQuantifier());
        }
      }
      return visited;
    }

    @Override
    public SqlNode visit(SqlDataTypeSpec type) {
      if (type.getTypeNameSpec() instanceof SqlUserDefinedTypeNameSpec named) {
        String name = named.getTypeName().getSimple().toLowerCase(Locale.ROOT);
        SqlTypeName standard = PG_TYPES.get(name);
        if ("text".equals(name)) {
          // VARCHAR in the database's (UTF-8) character set; the spelled-out charset keeps the name "text"
          return new SqlDataTypeSpec(new SqlBasicTypeNameSpec(SqlTypeName.VARCHAR, RelDataType.PRECISION_NOT_SPECIFIED,
              TEXT_CHARSET, type.getParserPosition()), type.getTimeZone(), type.getNullable(),
              type.getParserPosition());
        }
        if (standard != null) {
          return new SqlDataTypeSpec(new SqlBasicTypeNameSpec(standard, type.getParserPosition()),
              type.getTimeZone(), type.getNullable(), type.getParserPosition());
        }
      }
      return type;
    }
  }
}
