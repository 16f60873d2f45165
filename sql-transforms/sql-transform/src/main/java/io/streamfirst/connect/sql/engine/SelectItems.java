// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.fun.SqlCase;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlStarExclude;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Rewrites a SELECT list into explicit, named items: {@code *} becomes the value's fields (never
 * the metadata columns), {@code * EXCLUDE (a, b)} drops fields, an aliased item that repeats a
 * field of {@code *} replaces that field in place, and unnamed items get PostgreSQL's column names.
 */
final class SelectItems {

  private SelectItems() {}

  static void expand(SqlSelect select, RecordShape shape) throws InvalidQueryException {
    String alias = Statements.fromName(select);
    List<SqlNode> explicit = new ArrayList<>();
    LinkedHashMap<String, SqlNode> items = new LinkedHashMap<>();
    boolean sawStar = false;
    for (SqlNode item : select.getSelectList()) {
      if (isStar(item)) {
        sawStar = true;
        for (String field : starFields(item, shape)) {
          SqlParserPos pos = item.getParserPosition();
          SqlNode ref = new SqlIdentifier(List.of(alias, field), pos);
          items.put(field, SqlStdOperatorTable.AS.createCall(pos, ref, new SqlIdentifier(field, pos)));
        }
      } else {
        explicit.add(item);
      }
    }
    List<SqlNode> appended = new ArrayList<>();
    Set<String> explicitNames = new java.util.HashSet<>();
    for (SqlNode item : explicit) {
      String name = columnName(item);
      SqlNode named = item.getKind() == SqlKind.AS
          ? item
          : SqlStdOperatorTable.AS.createCall(item.getParserPosition(), item,
              new SqlIdentifier(name, item.getParserPosition()));
      if (!explicitNames.add(name)) {
        throw InvalidQueryException.at(item.getParserPosition(), "Two result columns are named '" + name
            + "': give one of them a different alias (AS other_name)");
      }
      if (sawStar && items.containsKey(name)) {
        items.put(name, named);
      } else {
        appended.add(named);
      }
    }
    List<SqlNode> result = new ArrayList<>(items.values());
    result.addAll(appended);
    select.setSelectList(new SqlNodeList(result, select.getSelectList().getParserPosition()));
  }

  private static boolean isStar(SqlNode item) {
    return item instanceof SqlStarExclude || item instanceof SqlIdentifier id && id.isStar();
  }

  private static List<String> starFields(SqlNode item, RecordShape shape) throws InvalidQueryException {
    List<String> fields = new ArrayList<>();
    for (RelDataTypeField field : shape.valueFields()) {
      fields.add(field.getName());
    }
    if (item instanceof SqlStarExclude exclude) {
      for (SqlNode excluded : exclude.getExcludeList()) {
        SqlIdentifier id = (SqlIdentifier) excluded;
        String name = id.names.get(id.names.size() - 1);
        if (!fields.remove(name)) {
          throw InvalidQueryException.at(id.getParserPosition(), "EXCLUDE names '" + name
              + "', which is not a field of the record value");
        }
      }
    }
    return fields;
  }

  /** The result column name: the alias, else the name PostgreSQL would give the expression. */
  static String columnName(SqlNode item) {
    if (item.getKind() == SqlKind.AS) {
      return ((SqlIdentifier) ((SqlCall) item).operand(1)).getSimple();
    }
    String name = pgName(item);
    return name == null ? "?column?" : name;
  }

  private static final Map<SqlKind, String> KIND_NAMES = Map.of(
      SqlKind.COALESCE, "coalesce",
      SqlKind.NULLIF, "nullif",
      SqlKind.GREATEST, "greatest",
      SqlKind.LEAST, "least",
      SqlKind.EXTRACT, "extract",
      SqlKind.POSITION, "position");

  /** A derived column name and how strongly PostgreSQL holds on to it (2: a name, 1: "case" or a type). */
  private record Named(String name, int strength) {
  }

  private static String pgName(SqlNode node) {
    Named named = named(node);
    return named == null ? null : named.name();
  }

  /** PostgreSQL's FigureColname: CASE takes its ELSE's name, a cast its operand's, if they are names. */
  private static Named named(SqlNode node) {
    if (node instanceof SqlIdentifier id) {
      return new Named(id.names.get(id.names.size() - 1), 2);
    }
    if (node instanceof SqlLiteral literal && literal.getValue() instanceof Boolean) {
      return new Named("bool", 1);
    }
    if (!(node instanceof SqlCall call)) {
      return null;
    }
    SqlKind kind = call.getKind();
    if (KIND_NAMES.containsKey(kind)) {
      return new Named(KIND_NAMES.get(kind), 2);
    }
    if (kind == SqlKind.CASE) {
      Named otherwise = ((SqlCase) call).getElseOperand() == null ? null : named(((SqlCase) call).getElseOperand());
      return otherwise != null && otherwise.strength() > 1 ? otherwise : new Named("case", 1);
    }
    if (kind == SqlKind.CAST) {
      Named inner = named(call.operand(0));
      if (inner != null && inner.strength() > 1) {
        return inner;
      }
      SqlNode type = call.operand(1);
      return type instanceof SqlDataTypeSpec spec ? new Named(pgTypeName(spec), 1) : null;
    }
    if (kind == SqlKind.ITEM || kind == SqlKind.DOT) {
      return kind == SqlKind.DOT ? new Named(((SqlIdentifier) call.operand(1)).getSimple(), 2) : named(call.operand(0));
    }
    if (kind == SqlKind.TRIM) {
      String flag = String.valueOf(((SqlLiteral) call.operand(0)).getValue()).toLowerCase(Locale.ROOT);
      return new Named(switch (flag) {
        case "leading" -> "ltrim";
        case "trailing" -> "rtrim";
        default -> "btrim";
      }, 2);
    }
    if (call instanceof SqlBasicCall && call.getOperator().getSyntax() == org.apache.calcite.sql.SqlSyntax.FUNCTION
        || call.getOperator().getSyntax() == org.apache.calcite.sql.SqlSyntax.FUNCTION_ID
        || call.getOperator().getSyntax() == org.apache.calcite.sql.SqlSyntax.FUNCTION_STAR) {
      String name = call.getOperator().getName().toLowerCase(Locale.ROOT);
      return new Named(switch (name) {
        case "character_length" -> "char_length";
        case "ceiling" -> "ceil";
        case "truncate" -> "trunc";
        default -> name;
      }, 2);
    }
    return null;
  }

  private static String pgTypeName(SqlDataTypeSpec spec) {
    String name = spec.getTypeName().getSimple().toUpperCase(Locale.ROOT);
    if (name.equals("VARCHAR") && spec.getTypeNameSpec() instanceof org.apache.calcite.sql.SqlBasicTypeNameSpec basic
        && Statements.TEXT_CHARSET.equals(basic.getCharSetName())) {
      return "text";
    }
    return switch (name) {
      case "INTEGER", "INT" -> "int4";
      case "BIGINT" -> "int8";
      case "SMALLINT" -> "int2";
      case "DOUBLE" -> "float8";
      case "REAL", "FLOAT" -> "float4";
      case "DECIMAL", "NUMERIC" -> "numeric";
      case "VARCHAR", "CHAR" -> "varchar";
      case "BOOLEAN" -> "bool";
      default -> name.toLowerCase(Locale.ROOT);
    };
  }
}
