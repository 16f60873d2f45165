// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.window;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * The state of one window and group: one accumulator per aggregate of the statement, with
 * PostgreSQL's result types and NULL rules (NULL arguments are skipped; SUM, MIN, MAX and AVG of
 * no non-NULL value are NULL; COUNT is never NULL).
 */
final class Accumulators {

  /**
   * One aggregate's running value: a count, a typed value (sum, min, max, first, last), distinct
   * values. FIRST_VALUE and LAST_VALUE keep their value's event time in {@code count}.
   */
  static final class Acc {
    long count;
    TypedValue value = TypedValue.NULL;
    Set<String> distinct;
  }

  private final List<WindowQuery.Aggregate> aggregates;
  /** Partial states per window: 1, or CUMULATE's size / step (one partial per step of the window). */
  private final int slots;

  Accumulators(List<WindowQuery.Aggregate> aggregates) {
    this(aggregates, 1);
  }

  Accumulators(List<WindowQuery.Aggregate> aggregates, int slots) {
    this.aggregates = aggregates;
    this.slots = slots;
  }

  /**
   * A new window's state: {@code slots} partial states of one accumulator per aggregate and a last one
   * counting the partial's rows (0 for a window only ticks touched).
   */
  Acc[] initial() {
    int width = aggregates.size() + 1;
    Acc[] state = new Acc[slots * width];
    for (int slot = 0; slot < slots; slot++) {
      System.arraycopy(initialPartial(), 0, state, slot * width, width);
    }
    return state;
  }

  /** One empty partial state. */
  Acc[] initialPartial() {
    Acc[] state = new Acc[aggregates.size() + 1];
    state[aggregates.size()] = new Acc();
    for (int i = 0; i < aggregates.size(); i++) {
      state[i] = new Acc();
      if (aggregates.get(i).distinct()) {
        state[i].distinct = new HashSet<>();
      }
    }
    return state;
  }

  /** The partial state of {@code slot} (a copy of its accumulators' references). */
  Acc[] partial(Acc[] state, int slot) {
    int width = aggregates.size() + 1;
    return java.util.Arrays.copyOfRange(state, slot * width, (slot + 1) * width);
  }

  /** Adds one input row's aggregate arguments ({@code arguments} in the order of the statement's arguments). */
  void add(Acc[] state, java.util.Map<String, TypedValue> arguments) {
    add(state, arguments, 0, 0);
  }

  /** Adds one input row's aggregate arguments, at event time {@code eventTime}, to the partial state of {@code slot}. */
  void add(Acc[] state, java.util.Map<String, TypedValue> arguments, int slot, long eventTime) {
    int offset = slot * (aggregates.size() + 1);
    state[offset + aggregates.size()].count++;
    for (int i = 0; i < aggregates.size(); i++) {
      WindowQuery.Aggregate aggregate = aggregates.get(i);
      Acc acc = state[offset + i];
      if (aggregate.kind() == AggregateKind.COUNT_ROWS) {
        acc.count++;
        continue;
      }
      TypedValue argument = arguments.get(aggregate.argument());
      if (argument.value() == null) {
        if (acc.value.tag() == TypedValue.UNKNOWN && argument.tag() != TypedValue.UNKNOWN) {
          acc.value = new TypedValue(resultTag(aggregate, argument), resultScale(aggregate, argument), null);
        }
        continue;
      }
      switch (aggregate.kind()) {
        case FIRST_VALUE, LAST_VALUE -> {
          boolean first = aggregate.kind() == AggregateKind.FIRST_VALUE;
          if (acc.value.value() == null || (first ? eventTime < acc.count : eventTime >= acc.count)) {
            acc.value = argument;
            acc.count = eventTime;
          }
        }
        case COUNT -> {
          if (acc.distinct == null || acc.distinct.add(argument.distinctKey())) {
            acc.count++;
          }
        }
        case SUM -> acc.value = sum(acc.value, argument, aggregate);
        case AVG -> {
          acc.value = sum(acc.value, argument, aggregate);
          acc.count++;
        }
        case MIN, MAX -> {
          checkOrdered(argument, aggregate);
          if (acc.value.value() == null || better(argument, acc.value, aggregate.kind() == AggregateKind.MIN)) {
            acc.value = argument;
          }
        }
        default -> throw new IllegalStateException(aggregate.kind().name());
      }
    }
  }

  /**
   * Merges two (partial) states of one group into a new state (SESSION: sessions joined by a row that
   * falls between them; CUMULATE: the partials of a window's steps): counts and sums add, extremes
   * compare, distinct values unite.
   */
  Acc[] merge(Acc[] one, Acc[] two) {
    Acc[] merged = initialPartial();
    for (Acc[] state : List.of(one, two)) {
      merged[aggregates.size()].count += state[aggregates.size()].count;
      for (int i = 0; i < aggregates.size(); i++) {
        WindowQuery.Aggregate aggregate = aggregates.get(i);
        Acc into = merged[i];
        Acc from = state[i];
        if (aggregate.kind() == AggregateKind.FIRST_VALUE || aggregate.kind() == AggregateKind.LAST_VALUE) {
          // partials of merged sessions and of a window's steps cover disjoint times: no ties between them
          boolean first = aggregate.kind() == AggregateKind.FIRST_VALUE;
          if (from.value.value() != null && (into.value.value() == null
              || (first ? from.count < into.count : from.count >= into.count))) {
            into.value = from.value;
            into.count = from.count;
          } else if (into.value.tag() == TypedValue.UNKNOWN) {
            into.value = from.value;
          }
          continue;
        }
        if (into.distinct != null && from.distinct != null) {
          into.distinct.addAll(from.distinct);
          into.count = into.distinct.size();
        } else {
          into.count += from.count;
        }
        if (from.value.value() == null) {
          if (into.value.tag() == TypedValue.UNKNOWN) {
            into.value = from.value;
          }
        } else if (into.value.value() == null) {
          into.value = from.value;
        } else {
          into.value = switch (aggregate.kind()) {
            case SUM, AVG -> add(into.value, from.value);
            case MIN, MAX -> better(from.value, into.value, aggregate.kind() == AggregateKind.MIN)
                ? from.value
                : into.value;
            default -> into.value;
          };
        }
      }
    }
    return merged;
  }

  /** Adds two running sums of one result type. */
  private static TypedValue add(TypedValue a, TypedValue b) {
    Object sum = switch (a.tag()) {
      case TypedValue.INT64 -> Math.addExact((Long) a.value(), (Long) b.value());
      case TypedValue.DECIMAL -> ((BigDecimal) a.value()).add((BigDecimal) b.value());
      case TypedValue.FLOAT32 -> (Float) ((Float) a.value() + (Float) b.value());
      default -> ((Number) a.value()).doubleValue() + ((Number) b.value()).doubleValue();
    };
    return new TypedValue(a.tag(), sum instanceof BigDecimal d ? d.scale() : 0, sum);
  }

  /** How many input rows the window holds. */
  static long rows(Acc[] state) {
    return state[state.length - 1].count;
  }

  private static int resultTag(WindowQuery.Aggregate aggregate, TypedValue argument) {
    int tag = argument.tag();
    return switch (aggregate.kind()) {
      case SUM -> switch (tag) {
        case TypedValue.INT8, TypedValue.INT16, TypedValue.INT32 -> TypedValue.INT64;
        case TypedValue.INT64 -> TypedValue.DECIMAL;
        default -> tag;
      };
      case AVG -> tag == TypedValue.FLOAT32 || tag == TypedValue.FLOAT64 ? TypedValue.FLOAT64 : TypedValue.DECIMAL;
      default -> tag;
    };
  }

  private static int resultScale(WindowQuery.Aggregate aggregate, TypedValue argument) {
    return argument.tag() == TypedValue.DECIMAL ? argument.scale() : 0;
  }

  /** PostgreSQL's sum: smallint/integer into bigint, bigint into numeric, numeric exact, real and double as such. */
  private static TypedValue sum(TypedValue sum, TypedValue argument, WindowQuery.Aggregate aggregate) {
    if (!argument.isNumeric()) {
      throw new DataException(aggregate.kind() + " needs a numeric argument, but the argument of " + aggregate.text()
          + " is " + argument.schema().type() + "; cast it (e.g. x::numeric) or aggregate a numeric column");
    }
    int tag = resultTag(aggregate, argument);
    Object current = sum.value();
    Object added = switch (tag) {
      case TypedValue.INT64 -> current == null
          ? ((Number) argument.value()).longValue()
          : Math.addExact((Long) current, ((Number) argument.value()).longValue());
      case TypedValue.DECIMAL -> {
        BigDecimal value = argument.value() instanceof BigDecimal d
            ? d
            : BigDecimal.valueOf(((Number) argument.value()).longValue());
        yield current == null ? value : ((BigDecimal) current).add(value);
      }
      case TypedValue.FLOAT32 -> current == null
          ? (Float) argument.value()
          : (Float) ((Float) current + (Float) argument.value());
      default -> current == null
          ? ((Number) argument.value()).doubleValue()
          : (Double) current + ((Number) argument.value()).doubleValue();
    };
    int scale = added instanceof BigDecimal d ? d.scale() : 0;
    return new TypedValue(tag, scale, added);
  }

  private static void checkOrdered(TypedValue argument, WindowQuery.Aggregate aggregate) {
    if (argument.tag() == TypedValue.BOOLEAN || argument.tag() == TypedValue.BYTES) {
      throw new DataException(aggregate.kind() + " is not defined for " + argument.schema().type() + " values ("
          + aggregate.text() + "); cast the argument to a type with an order");
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static boolean better(TypedValue candidate, TypedValue current, boolean min) {
    Object a = candidate.value();
    Object b = current.value();
    int compared;
    if (a instanceof Date x && b instanceof Date y) {
      compared = Long.compare(x.getTime(), y.getTime());
    } else if (a instanceof Double x && b instanceof Double y) {
      compared = pgCompare(x, y);
    } else if (a instanceof Float x && b instanceof Float y) {
      compared = pgCompare(x, y);
    } else {
      compared = ((Comparable) a).compareTo(b);
    }
    return min ? compared < 0 : compared > 0;
  }

  /** PostgreSQL orders NaN above every other float and -0.0 equal to 0.0. */
  private static int pgCompare(double x, double y) {
    return x == y ? 0 : Double.compare(x, y);
  }

  /** Each aggregate's value for the window: counts, sums, extremes, and averages divided as PostgreSQL does. */
  static List<TypedValue> results(List<WindowQuery.Aggregate> aggregates, Acc[] state) {
    List<TypedValue> results = new java.util.ArrayList<>(aggregates.size());
    for (int i = 0; i < aggregates.size(); i++) {
      Acc acc = state[i];
      results.add(switch (aggregates.get(i).kind()) {
        case COUNT_ROWS, COUNT -> new TypedValue(TypedValue.INT64, 0, acc.count);
        case AVG -> average(acc);
        case SUM -> acc.value.tag() == TypedValue.UNKNOWN ? new TypedValue(TypedValue.DECIMAL, 0, null) : acc.value;
        default -> acc.value;
      });
    }
    return results;
  }

  private static TypedValue average(Acc acc) {
    if (acc.value.tag() == TypedValue.FLOAT64 || acc.value.tag() == TypedValue.FLOAT32) {
      return new TypedValue(TypedValue.FLOAT64, 0, acc.value.value() == null
          ? null
          : ((Number) acc.value.value()).doubleValue() / acc.count);
    }
    if (acc.value.value() == null) {
      return new TypedValue(TypedValue.DECIMAL, acc.value.tag() == TypedValue.DECIMAL ? acc.value.scale() : 0, null);
    }
    BigDecimal sum = (BigDecimal) acc.value.value();
    BigDecimal count = BigDecimal.valueOf(acc.count);
    BigDecimal average = sum.divide(count, divisionScale(sum, count), java.math.RoundingMode.HALF_UP);
    return new TypedValue(TypedValue.DECIMAL, average.scale(), average);
  }

  /**
   * The scale PostgreSQL gives {@code numeric / numeric} (select_div_scale): at least 16 significant
   * digits, at least either operand's scale, from the weights and first digits of the operands in
   * base 10000.
   */
  static int divisionScale(BigDecimal dividend, BigDecimal divisor) {
    long[] first = weightAndFirstDigit(dividend);
    long[] second = weightAndFirstDigit(divisor);
    long quotientWeight = first[0] - second[0];
    if (first[1] <= second[1]) {
      quotientWeight--;
    }
    long scale = 16 - quotientWeight * 4;
    scale = Math.max(scale, Math.max(0, dividend.scale()));
    scale = Math.max(scale, Math.max(0, divisor.scale()));
    return (int) Math.min(scale, 1000);
  }

  private static long[] weightAndFirstDigit(BigDecimal value) {
    BigDecimal abs = value.abs();
    if (abs.signum() == 0) {
      return new long[]{0, 0};
    }
    long exponent = (long) abs.precision() - abs.scale() - 1; // abs is in [10^exponent, 10^(exponent + 1))
    long weight = Math.floorDiv(exponent, 4);
    long firstDigit = abs.movePointLeft((int) (4 * weight)).toBigInteger().longValue();
    return new long[]{weight, firstDigit};
  }

  /** The window's row for the result statement: window bounds, group columns, aggregate values. */
  static Schema rowSchema(List<WindowQuery.Aggregate> aggregates, List<String> groupColumns, List<TypedValue> group,
      List<TypedValue> results) {
    SchemaBuilder row = SchemaBuilder.struct().name("window")
        .field(WindowQuery.WINDOW_START, org.apache.kafka.connect.data.Timestamp.SCHEMA)
        .field(WindowQuery.WINDOW_END, org.apache.kafka.connect.data.Timestamp.SCHEMA);
    for (int i = 0; i < groupColumns.size(); i++) {
      row.field(groupColumns.get(i), group.get(i).schema());
    }
    for (int i = 0; i < aggregates.size(); i++) {
      AggregateKind kind = aggregates.get(i).kind();
      row.field(aggregates.get(i).output(), kind == AggregateKind.COUNT || kind == AggregateKind.COUNT_ROWS
          ? Schema.INT64_SCHEMA
          : results.get(i).schema());
    }
    return row.build();
  }

  static Struct row(Schema schema, long start, long end, List<WindowQuery.Aggregate> aggregates,
      List<String> groupColumns, List<TypedValue> group, List<TypedValue> results) {
    Struct row = new Struct(schema).put(WindowQuery.WINDOW_START, new Date(start))
        .put(WindowQuery.WINDOW_END, new Date(end));
    for (int i = 0; i < groupColumns.size(); i++) {
      row.put(groupColumns.get(i), group.get(i).value());
    }
    for (int i = 0; i < aggregates.size(); i++) {
      row.put(aggregates.get(i).output(), results.get(i).value());
    }
    return row;
  }

  static byte[] serialize(Acc[] state) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(state.length);
      for (Acc acc : state) {
        out.writeLong(acc.count);
        acc.value.write(out);
        out.writeInt(acc.distinct == null ? -1 : acc.distinct.size());
        if (acc.distinct != null) {
          for (String value : acc.distinct) {
            out.writeUTF(value);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static Acc[] deserialize(byte[] data) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      Acc[] state = new Acc[in.readInt()];
      for (int i = 0; i < state.length; i++) {
        Acc acc = new Acc();
        acc.count = in.readLong();
        acc.value = TypedValue.read(in);
        int distinct = in.readInt();
        if (distinct >= 0) {
          acc.distinct = new HashSet<>();
          for (int j = 0; j < distinct; j++) {
            acc.distinct.add(in.readUTF());
          }
        }
        state[i] = acc;
      }
      return state;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
