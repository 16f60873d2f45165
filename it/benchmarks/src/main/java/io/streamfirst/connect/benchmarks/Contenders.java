// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.benchmarks;

import io.streamfirst.connect.sql.SqlPredicate;
import io.streamfirst.connect.sql.SqlTransform;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Cast;
import org.apache.kafka.connect.transforms.ReplaceField;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;

/** Builds and configures every transform the benchmarks compare, exactly as a Connect worker would. */
public final class Contenders {

  /** Debezium's scripting filter, loaded by name like any plugin (its jar sits next to the benchmarks jar). */
  public static final String DEBEZIUM_FILTER = "io.debezium.transforms.Filter";

  private Contenders() {}

  /** {@link Orders#QUERY} as a SqlTransform, with or without the sf.path lineage hop. */
  public static SqlTransform<SinkRecord> sqlTransform(String query, boolean lineage) {
    SqlTransform<SinkRecord> transform = new SqlTransform<>();
    Map<String, Object> props = new HashMap<>();
    props.put("query", query);
    props.put("lineage.enabled", Boolean.toString(lineage));
    transform.configure(props);
    return transform;
  }

  /** {@link Orders#CONDITION} as a SqlPredicate. */
  public static SqlPredicate<SinkRecord> sqlPredicate() {
    SqlPredicate<SinkRecord> predicate = new SqlPredicate<>();
    predicate.configure(Map.of("condition", Orders.CONDITION));
    return predicate;
  }

  /**
   * The closest chain of Kafka's built-in SMTs: ReplaceField keeps id, email, amount, country and
   * status and renames amount to amount_cents and country to region; Cast turns amount_cents into
   * a float64. The built-ins cannot filter on field values, trim or upper-case text, multiply, or
   * map values with CASE, so this chain keeps every record and copies the values unchanged.
   */
  public static List<Transformation<SinkRecord>> builtInChain() {
    ReplaceField<SinkRecord> replace = new ReplaceField.Value<>();
    replace.configure(Map.of("include", "id,email,amount,country,status",
        "renames", "amount:amount_cents,country:region"));
    Cast<SinkRecord> cast = new Cast.Value<>();
    cast.configure(Map.of("spec", "amount_cents:float64"));
    return List.of(replace, cast);
  }

  /** Debezium's JSR-223 Filter running {@link Orders#GROOVY_CONDITION} in Groovy. */
  @SuppressWarnings("unchecked")
  public static Transformation<SinkRecord> debeziumGroovyFilter() {
    Transformation<SinkRecord> filter;
    try {
      filter = (Transformation<SinkRecord>) Class.forName(DEBEZIUM_FILTER).getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(DEBEZIUM_FILTER + " is not on the class path: build the benchmarks jar with"
          + " -Pbenchmarks, which puts debezium-scripting next to it (target/lib)", e);
    }
    filter.configure(Map.of("language", "jsr223.groovy", "condition", Orders.GROOVY_CONDITION));
    return filter;
  }

  /** Applies a chain the way a Connect worker does: in order, stopping when a transform drops the record. */
  public static SinkRecord applyChain(List<Transformation<SinkRecord>> chain, SinkRecord record) {
    SinkRecord current = record;
    for (int i = 0; i < chain.size() && current != null; i++) {
      current = chain.get(i).apply(current);
    }
    return current;
  }

  /**
   * Kafka's Filter with {@code negate=true} over a predicate, as the worker runs it: the record is
   * dropped when the predicate does not match.
   */
  public static SinkRecord filterUnless(Predicate<SinkRecord> predicate, SinkRecord record) {
    return predicate.test(record) ? record : null;
  }
}
