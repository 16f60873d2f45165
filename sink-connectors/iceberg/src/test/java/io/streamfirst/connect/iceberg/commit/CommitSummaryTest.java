// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg.commit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class CommitSummaryTest {

  @Test
  void offsetsRoundTripAndForeignEntriesAreIgnored() {
    Map<TopicPartition, Long> offsets = Map.of(new TopicPartition("pg.public.orders", 0), 15L,
        new TopicPartition("pg.public.orders", 11), 3L, new TopicPartition("a-b_c", 2), 0L);
    String text = CommitSummary.encode(offsets);
    assertThat(text).isEqualTo("a-b_c:2=0,pg.public.orders:0=15,pg.public.orders:11=3");
    assertThat(CommitSummary.decode(text)).isEqualTo(offsets);
    assertThat(CommitSummary.decode("x:1=2,garbage,y:z=1,w:3=q")).containsExactly(
        Map.entry(new TopicPartition("x", 1), 2L));
  }

  @Test
  void everyCharacterOfATopicNameSurvivesAndOlderEntriesStillRead() {
    // Kafka's legal characters are written as they are (the format earlier versions wrote);
    // anything else, which a topic name cannot hold but a name must never break the list with, is escaped.
    Map<TopicPartition, Long> offsets = Map.of(new TopicPartition("a.b_c-D9", 0), 7L,
        new TopicPartition("x:1=2,y", 3), 4L, new TopicPartition("100%_\u00e9\u00df", 1), 9L,
        new TopicPartition("_-.", 2), 1L);
    String text = CommitSummary.encode(offsets);
    assertThat(text).contains("a.b_c-D9:0=7").contains("_-.:2=1").doesNotContain("x:1=2,y");
    assertThat(CommitSummary.decode(text)).isEqualTo(offsets);
    // written by an earlier version: plain topic names
    assertThat(CommitSummary.decode("pg.public.orders:0=15,a-b_c:2=0")).isEqualTo(Map.of(
        new TopicPartition("pg.public.orders", 0), 15L, new TopicPartition("a-b_c", 2), 0L));
    assertThat(CommitSummary.decode("bad%zz:0=1,ok:0=2,cut%4:1=1")).isEqualTo(Map.of(new TopicPartition("ok", 0), 2L));
  }
}
