// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.benchmarks;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * The baseline: {@link Orders#QUERY} written by hand as a single-message transform, the way a
 * careful engineer would: one fixed output schema, input fields resolved once per input schema,
 * no reflection, and the same SQL semantics (NULL amount or status drops the record; TRIM removes
 * spaces only; UPPER is locale-independent).
 */
public final class HandWrittenOrdersTransform implements Transformation<SinkRecord> {

  static final Schema OUTPUT_SCHEMA = SchemaBuilder.struct()
      .field("id", Schema.INT64_SCHEMA)
      .field("email", Schema.OPTIONAL_STRING_SCHEMA)
      .field("amount_cents", Decimal.builder(2).optional().build())
      .field("region", Schema.STRING_SCHEMA)
      .field("status", Schema.OPTIONAL_STRING_SCHEMA)
      .build();

  private static final Field OUT_ID = OUTPUT_SCHEMA.field("id");
  private static final Field OUT_EMAIL = OUTPUT_SCHEMA.field("email");
  private static final Field OUT_AMOUNT_CENTS = OUTPUT_SCHEMA.field("amount_cents");
  private static final Field OUT_REGION = OUTPUT_SCHEMA.field("region");
  private static final Field OUT_STATUS = OUTPUT_SCHEMA.field("status");
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  /** Input fields resolved for the last input schema seen (records of one topic share one schema object). */
  private InputFields inputs;

  private record InputFields(Schema schema, Field id, Field email, Field amount, Field country, Field status) {

    static InputFields of(Schema schema) {
      return new InputFields(schema, required(schema, "id"), required(schema, "email"), required(schema, "amount"),
          required(schema, "country"), required(schema, "status"));
    }

    private static Field required(Schema schema, String name) {
      Field field = schema.field(name);
      if (field == null) {
        throw new DataException("The orders value schema has no field '" + name + "'");
      }
      return field;
    }
  }

  @Override
  public void configure(Map<String, ?> configs) {
    // nothing to configure: the logic is fixed
  }

  @Override
  public SinkRecord apply(SinkRecord record) {
    Object raw = record.value();
    if (raw == null) {
      return record;
    }
    Struct value = (Struct) raw;
    InputFields in = inputs;
    if (in == null || in.schema != value.schema()) {
      in = InputFields.of(value.schema());
      inputs = in;
    }
    BigDecimal amount = (BigDecimal) value.get(in.amount);
    String status = (String) value.get(in.status);
    if (amount == null || amount.signum() <= 0 || status == null || status.equals("test")) {
      return null;
    }
    String email = (String) value.get(in.email);
    String country = (String) value.get(in.country);
    Struct out = new Struct(OUTPUT_SCHEMA)
        .put(OUT_ID, value.get(in.id))
        .put(OUT_EMAIL, email == null ? null : trimSpaces(email).toUpperCase(Locale.ROOT))
        .put(OUT_AMOUNT_CENTS, amount.multiply(HUNDRED))
        .put(OUT_REGION, "DE".equals(country) || "FR".equals(country) ? "eu" : "other")
        .put(OUT_STATUS, status);
    return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(),
        OUTPUT_SCHEMA, out, record.timestamp());
  }

  /** SQL's TRIM: leading and trailing spaces only (String.trim() would also strip control characters). */
  private static String trimSpaces(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && text.charAt(start) == ' ') {
      start++;
    }
    while (end > start && text.charAt(end - 1) == ' ') {
      end--;
    }
    return start == 0 && end == text.length() ? text : text.substring(start, end);
  }

  @Override
  public ConfigDef config() {
    return new ConfigDef();
  }

  @Override
  public void close() {
    inputs = null;
  }
}
