package io.streamfirst.connect.cdc.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

/**
 * A source task that runs the underlying connector's task unchanged and only maps what its
 * {@code poll()} returns (lineage headers, output format). Offsets, commits and acknowledgements go
 * straight to the delegate, so its restart and exactly-once behaviour is kept as is.
 */
public abstract class DelegatingChangeTask extends SourceTask {

  private SourceTask delegate;
  private ChangeRecordMapper mapper;
  private Map<String, String> props = Map.of();

  /**
   * A new, unstarted task of the underlying connector for the task configuration {@code props}. Called
   * in {@link #start}, so a connector may choose the delegate from its configuration (e.g. the server
   * flavour); a failure here fails the task through {@link #explainStartFailure}.
   */
  protected abstract SourceTask newDelegate(Map<String, String> props);

  /** How to read lineage from this database's change events, for the given task configuration. */
  protected abstract SourceInfoReader sourceInfoReader(Map<String, String> props);

  @Override
  public void start(Map<String, String> props) {
    if (context == null) {
      throw new ConnectException("Task started before it was initialized");
    }
    this.props = Map.copyOf(props);
    String name = props.get("name");
    mapper = new ChangeRecordMapper(name == null || name.isBlank() ? "cdc" : name, CdcOptions.of(props),
        sourceInfoReader(props));
    try {
      delegate = newDelegate(props);
      delegate.initialize(context);
      delegate.start(props);
    } catch (RuntimeException e) {
      throw explainStartFailure(e, props);
    }
  }

  /**
   * The exception to fail the task with when the delegate cannot start: by default {@code failure}
   * itself; a connector may replace it with one that says what to fix.
   */
  protected RuntimeException explainStartFailure(RuntimeException failure, Map<String, String> props) {
    return failure;
  }

  /**
   * The exception to throw when the delegate's {@code poll()} fails: by default {@code failure}
   * itself. A connector may turn a failure that the delegate would retry forever (bad credentials,
   * missing privileges) into a permanent one that says what to fix.
   */
  protected RuntimeException explainPollFailure(RuntimeException failure, Map<String, String> props) {
    return failure;
  }

  @Override
  public List<SourceRecord> poll() throws InterruptedException {
    List<SourceRecord> records;
    try {
      records = delegate.poll();
    } catch (RuntimeException e) {
      throw explainPollFailure(e, props);
    }
    if (records == null || records.isEmpty()) {
      return records;
    }
    List<SourceRecord> out = new ArrayList<>(records.size());
    for (SourceRecord record : records) {
      SourceRecord mapped = mapper.map(record);
      if (mapped != null) {
        out.add(mapped);
      }
    }
    return out;
  }

  @Override
  public void commit() throws InterruptedException {
    if (delegate != null) {
      delegate.commit();
    }
  }

  @Override
  public void commitRecord(SourceRecord record, RecordMetadata metadata) throws InterruptedException {
    if (delegate != null) {
      delegate.commitRecord(record, metadata);
    }
  }

  @Override
  public void stop() {
    if (delegate != null) {
      delegate.stop();
    }
  }
}
