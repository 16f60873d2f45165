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
}
