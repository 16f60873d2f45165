// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.kafka.common.config.ConfigException;

/** Parses the partition spec setting ({@code day(ts),bucket[16](id)}) and builds Iceberg specs from it. */
public final class PartitionTerms {

  private static final Pattern TERM = Pattern.compile(
      "^(?:(identity|year|month|day|hour|bucket|truncate)(?:\\[(\\d+)])?\\(([^()\\s]+)\\)|([^()\\[\\]\\s]+))$");

  /** One term: a transform of a column. */
  public record Term(String transform, int width, String column) {
  }

  private PartitionTerms() {}

  /** Parses the terms; a bad term is a {@link ConfigException} naming {@code key}. */
  public static List<Term> parse(List<String> terms, String key) {
    List<Term> out = new ArrayList<>();
    for (String raw : terms == null ? List.<String>of() : terms) {
      String text = raw.trim();
      if (text.isEmpty()) {
        continue;
      }
      Matcher m = TERM.matcher(text);
      if (!m.matches()) {
        throw new ConfigException(key, String.join(",", terms), "'" + text + "' is not a partition term; use"
            + " column, identity(column), year|month|day|hour(column), bucket[N](column) or truncate[N](column)");
      }
      if (m.group(4) != null) {
        out.add(new Term("identity", 0, m.group(4)));
        continue;
      }
      String transform = m.group(1).toLowerCase(Locale.ROOT);
      boolean needsWidth = transform.equals("bucket") || transform.equals("truncate");
      if (needsWidth != (m.group(2) != null)) {
        throw new ConfigException(key, String.join(",", terms), "'" + text + "': "
            + (needsWidth
                ? transform + " needs a width, e.g. " + transform + "[16](" + m.group(3) + ")"
                : transform + " takes no width"));
      }
      int width = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
      if (needsWidth && width < 1) {
        throw new ConfigException(key, String.join(",", terms), "'" + text + "': the width must be at least 1");
      }
      out.add(new Term(transform, width, m.group(3)));
    }
    return List.copyOf(out);
  }

  /**
   * The spec for {@code schema}.
   *
   * @throws IllegalArgumentException when a column is missing or its type does not support the transform
   */
  public static PartitionSpec spec(Schema schema, List<Term> terms) {
    if (terms.isEmpty()) {
      return PartitionSpec.unpartitioned();
    }
    PartitionSpec.Builder b = PartitionSpec.builderFor(schema);
    for (Term t : terms) {
      if (schema.findField(t.column()) == null) {
        throw new IllegalArgumentException("partition column '" + t.column() + "' is not in the record schema");
      }
      switch (t.transform()) {
        case "identity" -> b.identity(t.column());
        case "year" -> b.year(t.column());
        case "month" -> b.month(t.column());
        case "day" -> b.day(t.column());
        case "hour" -> b.hour(t.column());
        case "bucket" -> b.bucket(t.column(), t.width());
        case "truncate" -> b.truncate(t.column(), t.width());
        default -> throw new IllegalStateException(t.transform());
      }
    }
    return b.build();
  }
}
