// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LineageRulesTest {

  private static final String TRACE = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
  private static final String NEW_TRACE = "00-11111111111111111111111111111111-2222222222222222-01";

  private static LineageRules.Stamped stamp(LineageValues current, String traceparent, String hop, int budget) {
    return LineageRules.stamp(current, traceparent, "kafka://c1/orders", null, hop, () -> NEW_TRACE, budget);
  }

  @Test
  void absentHeadersGetTheDefaultOriginANewTraceAndTheHop() {
    LineageRules.Stamped stamped = stamp(new LineageValues(null, null, null, null), null, "files", 200);

    assertThat(stamped.values()).isEqualTo(new LineageValues("kafka://c1/orders", NEW_TRACE, "files", null));
    assertThat(stamped.trimmed()).isFalse();
  }

  @Test
  void presentHeadersAreKeptAndTheHopIsAppended() {
    LineageValues cdc = new LineageValues("postgres://db:5432/shop/public.orders", TRACE, "pg-orders,sql:clean",
        "orders-value:3");

    assertThat(stamp(cdc, null, "mirror", 200).values()).isEqualTo(new LineageValues(
        "postgres://db:5432/shop/public.orders", TRACE, "pg-orders,sql:clean,mirror", "orders-value:3"));
  }

  @Test
  void aHopAlreadyOnThePathIsNotAddedAgain() {
    assertThat(LineageRules.appendHop("pg-orders,sql:clean", "pg-orders")).isEqualTo("pg-orders,sql:clean");
    assertThat(LineageRules.appendHop("pg-orders", "pg-orders")).isEqualTo("pg-orders");
    assertThat(LineageRules.appendHop("pg-orders-2", "pg-orders")).isEqualTo("pg-orders-2,pg-orders");
    assertThat(LineageRules.appendHop("", "a")).isEqualTo("a");
  }

  @Test
  void aValidTraceparentBecomesTheTraceAndAnInvalidOneIsIgnored() {
    LineageValues empty = new LineageValues(null, null, null, null);

    assertThat(stamp(empty, TRACE, "h", 200).values().trace()).isEqualTo(TRACE);
    assertThat(stamp(empty, "00-zz-yy-01", "h", 200).values().trace()).isEqualTo(NEW_TRACE);
    assertThat(stamp(empty, "00-00000000000000000000000000000000-b7ad6b7169203331-01", "h", 200).values()
        .trace()).isEqualTo(NEW_TRACE);
  }

  @Test
  void sizeCountsUtf8NameAndValueOfPresentHeaders() {
    // sf.origin (9) + 4, sf.trace (8) + 55, sf.path (7) + 3 ("a,ü" is 4 bytes), no sf.schema.
    assertThat(new LineageValues("abcd", TRACE, "a,ü", null).sizeBytes()).isEqualTo(9 + 4 + 8 + 55 + 7 + 4);
  }

  @Test
  void overBudgetTheOldestHopsGoFirstAndTheNewestStays() {
    String origin = "kafka://c1/orders"; // 9 + 17 = 26; trace 63; so the path may take 200 - 89 = 111
    String path = String.join(",", "hop-one-" + "x".repeat(40), "hop-two-" + "y".repeat(40), "hop-three", "new");
    LineageValues values = new LineageValues(origin, TRACE, path, null);

    LineageValues fitted = LineageRules.fit(values, 200);

    assertThat(fitted).isEqualTo(new LineageValues(origin, TRACE, "...,hop-two-" + "y".repeat(40)
        + ",hop-three,new", null));
    assertThat(fitted.sizeBytes()).isLessThanOrEqualTo(200);
    // Again with more hops: the marker is not repeated.
    assertThat(LineageRules.fit(fitted.withPath(fitted.path() + ",z".repeat(30)), 200).path())
        .startsWith("...,").doesNotContain("...,...");
  }

  @Test
  void thenTheSchemaThenTheOriginAreRemoved() {
    String schema = "s".repeat(60);
    String origin = "postgres://db.internal:5432/shop/public." + "t".repeat(30);
    LineageValues values = new LineageValues(origin, TRACE, "old,new", schema);

    LineageValues withoutSchema = LineageRules.fit(values, 190);
    assertThat(withoutSchema).isEqualTo(new LineageValues(origin, TRACE, "...,new", null));

    LineageValues withoutOrigin = LineageRules.fit(values.withOrigin(origin + "u".repeat(80)), 190);
    assertThat(withoutOrigin).isEqualTo(new LineageValues(null, TRACE, "...,new", null));
  }

  @Test
  void thenTheNewestHopIsCutThenTheTraceIsRemoved() {
    LineageValues longHop = new LineageValues("o", TRACE, "a,b," + "n".repeat(200), null);

    LineageValues cut = LineageRules.fit(longHop, 100);
    // trace 63 + sf.path name 7 leaves 30 bytes: 27 of the hop and "...".
    assertThat(cut).isEqualTo(new LineageValues(null, TRACE, "n".repeat(27) + "...", null));
    assertThat(cut.sizeBytes()).isEqualTo(100);

    LineageValues hugeTrace = new LineageValues(null, "t".repeat(300), "hop", null);
    assertThat(LineageRules.fit(hugeTrace, 100)).isEqualTo(new LineageValues(null, null, "hop", null));
  }

  @Test
  void aCutNeverSplitsACharacter() {
    LineageValues values = new LineageValues(null, TRACE, "ü".repeat(100), null);

    String path = LineageRules.fit(values, 100).path();

    assertThat(path).isEqualTo("ü".repeat(13) + "...");
    assertThat(LineageValues.utf8Length(path)).isEqualTo(29);
  }

  @Test
  void stampReportsWhetherTheBudgetTrimmedAnything() {
    LineageRules.Stamped stamped = stamp(new LineageValues(null, null, "x".repeat(150), null), null, "h", 200);

    assertThat(stamped.trimmed()).isTrue();
    assertThat(stamped.values()).isEqualTo(new LineageValues("kafka://c1/orders", NEW_TRACE, "...,h", null));
  }
}
