// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates one statement over records of any shape: plans and compiles it once per distinct
 * value/key shape (bounded cache), then runs the compiled program per record. Thread-safe.
 */
public final class SqlEngine {

  private static final Logger LOG = LoggerFactory.getLogger(SqlEngine.class);

  private final QueryDefinition query;
  private final QueryPlanner planner;
  private final int cacheSize;
  /** Compiled queries, or the DataException a shape failed with, by record shape; access-ordered. */
  private final Map<Object, Object> cache;
  /** The most recent schema'd shape, checked by identity before the cache. */
  private volatile Recent recent;
  /** The most recent flat schemaless shape, checked field by field before building its signature. */
  private volatile RecentSchemalessShape recentSchemaless;
  /** Plans dropped from the full cache, guarded by the cache's lock. */
  private long evictions;

  private record Recent(Schema valueSchema, Schema keySchema, CompiledQuery compiled) {
  }

  private record SchemaKey(Schema value, Schema key) {
  }

  /**
   * {@code maxValueBytes} bounds every text (characters) or binary value (bytes) that a function
   * whose result can outgrow its arguments computes for one record ({@code max.value.bytes}).
   */
  public SqlEngine(QueryDefinition query, List<Class<?>> allowedFunctionClasses, int cacheSize, int maxValueBytes) {
    this.query = query;
    this.planner = new QueryPlanner(new Functions(allowedFunctionClasses), maxValueBytes);
    this.cacheSize = cacheSize;
    this.cache = new LinkedHashMap<>(16, 0.75f, true);
  }

  /** Checks the statement against a record without value fields, so configuration errors surface early. */
  public void checkMetadataOnly() throws InvalidQueryException {
    try {
      planner.plan(query, new RecordShape(null, null, QueryPlanner.TYPES));
    } catch (StackOverflowError e) {
      throw new InvalidQueryException(EvaluationErrors.TOO_DEEP);
    }
  }

  /** Whether the WHERE condition (of a predicate: the condition) is true for the record. */
  public boolean matches(ConnectRecord<?> record) {
    return run(compiledFor(record), record, null) != null;
  }

  /**
   * The record the statement makes of {@code record}, or null when the WHERE condition is not true.
   * {@code headers} gives the new record's headers (called only for records that are kept).
   */
  public <R extends ConnectRecord<R>> R transform(R record, Function<ConnectRecord<?>, Headers> headers) {
    @SuppressWarnings("unchecked") // the program makes the new record with record.newRecord(...), an R
    R transformed = (R) run(compiledFor(record), record, headers);
    return transformed;
  }

  private ConnectRecord<?> run(CompiledQuery compiled, ConnectRecord<?> record,
      Function<ConnectRecord<?>, Headers> headers) {
    try {
      return compiled.apply(record, headers);
    } catch (DataException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new DataException("SQL evaluation failed for the record at " + RecordLocation.of(record) + ": "
          + EvaluationErrors.describe(e) + " in query [" + query.text() + "]");
    } catch (StackOverflowError e) {
      // Only this record's evaluation unwound: a regular expression backtracking over a long value, or an
      // allowed function recursing over it. The worker thread and every other record are unaffected.
      throw new DataException("SQL evaluation failed for the record at " + RecordLocation.of(record) + ": "
          + EvaluationErrors.STACK_OVERFLOW + " in query [" + query.text() + "]");
    }
  }

  /** Whether the statement reads the value; when not, tombstones are evaluated too. */
  public boolean readsValue() {
    return query.readsValue();
  }

  private CompiledQuery compiledFor(ConnectRecord<?> record) {
    Object value = record.value();
    Schema keySchema = record.keySchema();
    boolean keyDescribedBySchema = keySchema != null || record.key() == null;
    if ((value instanceof Struct || value == null) && keyDescribedBySchema) {
      Schema valueSchema = value == null ? null : record.valueSchema();
      if (valueSchema == null && value != null) {
        valueSchema = ((Struct) value).schema();
      }
      Recent last = recent;
      if (last != null && last.valueSchema == valueSchema && last.keySchema == keySchema) {
        return last.compiled;
      }
      CompiledQuery compiled = lookup(new SchemaKey(valueSchema, keySchema), record);
      recent = new Recent(valueSchema, keySchema, compiled);
      return compiled;
    }
    if (value != null && !(value instanceof Map) && !(value instanceof Struct)) {
      throw new DataException("SQL needs the record value to be a Struct (with a schema) or a Map (schemaless JSON),"
          + " but the record at " + RecordLocation.of(record) + " has a " + value.getClass().getSimpleName()
          + " value; convert it first (e.g. value.converter=org.apache.kafka.connect.json.JsonConverter)");
    }
    RecentSchemalessShape lastShape = recentSchemaless;
    if (keySchema == null && value instanceof Map<?, ?> map && lastShape != null
        && lastShape.matches(map, record.key())) {
      return lastShape.compiled;
    }
    Object keyShape = keySchema != null ? new SchemaKey(null, keySchema) : signature(record.key());
    CompiledQuery compiled = lookup(List.of(signature(value), keyShape), record);
    if (keySchema == null && value instanceof Map<?, ?> map) {
      recentSchemaless = RecentSchemalessShape.of(map, record.key(), compiled);
    }
    return compiled;
  }

  private CompiledQuery lookup(Object key, ConnectRecord<?> record) {
    Object cached;
    synchronized (cache) {
      cached = cache.get(key);
    }
    if (cached == null) {
      try {
        cached = compile(record);
      } catch (DataException e) {
        // Remember the failure: every record of this shape fails the same way, and planning again
        // per record would only slow the task down on its way to the dead-letter queue.
        cached = e;
      }
      synchronized (cache) {
        cache.put(key, cached);
        if (cache.size() > cacheSize) {
          cache.remove(cache.keySet().iterator().next());
          if (evictions++ % 1_000 == 0) {
            LOG.warn("More record schemas are live than plan.cache.size={} holds; plans are compiled again and"
                + " again ({} evictions so far). Raise plan.cache.size above the number of schemas on the topics.",
                cacheSize, evictions);
          }
        }
      }
    }
    if (cached instanceof DataException failure) {
      throw new DataException("The query does not fit the record at " + RecordLocation.of(record) + ": "
          + failure.getMessage());
    }
    return (CompiledQuery) cached;
  }

  private CompiledQuery compile(ConnectRecord<?> record) {
    long start = System.nanoTime();
    Object value = record.value();
    boolean schemaless = value instanceof Map;
    RelDataType valueType = null;
    if (value instanceof Struct struct) {
      valueType = ConnectTypes.sqlType(record.valueSchema() != null ? record.valueSchema() : struct.schema(),
          QueryPlanner.TYPES);
    } else if (schemaless) {
      valueType = withAbsentColumns(ConnectTypes.inferSqlType(value, QueryPlanner.TYPES));
    }
    RelDataType keyType = record.keySchema() != null
        ? ConnectTypes.sqlType(record.keySchema(), QueryPlanner.TYPES)
        : record.key() == null ? null : ConnectTypes.inferSqlType(record.key(), QueryPlanner.TYPES);
    RecordShape shape = new RecordShape(valueType, keyType, QueryPlanner.TYPES);
    try {
      QueryPlanner.Plan plan = planner.plan(query, shape);
      CompiledQuery compiled = new CompiledQuery(plan, bindings(record, shape, keyType), schemaless,
          !query.isSelect());
      LOG.debug("Compiled SQL for a new record shape on topic '{}' in {} ms", record.topic(),
          (System.nanoTime() - start) / 1_000_000);
      return compiled;
    } catch (InvalidQueryException e) {
      throw new DataException(e.getMessage(), e);
    } catch (StackOverflowError e) {
      throw new DataException(EvaluationErrors.TOO_DEEP);
    } catch (AssertionError e) {
      // an invariant of the SQL library broke on this statement: the record fails (errors.tolerance applies),
      // the task does not die of an Error
      throw new DataException("the statement could not be planned (" + e.getMessage() + "); this is a defect of"
          + " SqlTransform: please report the statement. Rewriting the expression named here may avoid it", e);
    }
  }

  /**
   * Schemaless values often omit fields that are NULL: every column the statement names but the
   * value lacks is read as an untyped NULL, exactly like a field present with a null value
   * ({@link UntypedNulls}), as PostgreSQL's JSON operators do for absent keys.
   */
  private RelDataType withAbsentColumns(RelDataType valueType) {
    RelDataTypeFactory.Builder row = QueryPlanner.TYPES.builder().addAll(valueType.getFieldList());
    for (String column : query.valueColumns()) {
      if (valueType.getField(column, true, false) == null) {
        row.add(column, QueryPlanner.TYPES.createTypeWithNullability(
            QueryPlanner.TYPES.createSqlType(org.apache.calcite.sql.type.SqlTypeName.NULL), true));
      }
    }
    return QueryPlanner.TYPES.createTypeWithNullability(row.build(), true);
  }

  private static List<InputBinding> bindings(ConnectRecord<?> record, RecordShape shape, RelDataType keyType) {
    List<InputBinding> bindings = new ArrayList<>();
    Object value = record.value();
    if (value instanceof Struct struct) {
      Schema schema = record.valueSchema() != null ? record.valueSchema() : struct.schema();
      for (Field field : schema.fields()) {
        bindings.add(InputBinding.structField(field));
      }
    } else if (value instanceof Map) {
      for (RelDataTypeField field : shape.valueFields()) {
        bindings.add(InputBinding.mapField(field.getName(), field.getType()));
      }
    }
    for (String column : PseudoColumns.ALL) {
      if (shape.pseudoColumnIndex(column) < 0) {
        continue;
      }
      bindings.add(column.equals(PseudoColumns.KEY)
          ? InputBinding.key(record.keySchema(), keyType)
          : InputBinding.metadata(column));
    }
    return bindings;
  }

  /** A cheap description of a schemaless value's shape: field names and Java types, recursively. */
  private static String signature(Object value) {
    StringBuilder out = new StringBuilder();
    appendSignature(value, out);
    return out.toString();
  }

  private static void appendSignature(Object value, StringBuilder out) {
    if (value instanceof Map<?, ?> map) {
      out.append('{');
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        out.append(entry.getKey()).append(':');
        appendSignature(entry.getValue(), out);
        out.append(',');
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      appendSignature(list.stream().filter(Objects::nonNull).findFirst().orElse(null), out);
      out.append(']');
    } else if (value instanceof Struct struct) {
      out.append("struct@").append(System.identityHashCode(struct.schema()));
    } else {
      out.append(value == null ? "null" : value.getClass().getSimpleName());
    }
  }
}
