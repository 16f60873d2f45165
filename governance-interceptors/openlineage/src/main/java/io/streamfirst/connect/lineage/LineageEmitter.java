// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.lineage;

import io.openlineage.client.OpenLineage;
import io.openlineage.client.transports.Transport;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends run events on a background thread from a bounded queue. {@link #offer} never waits: when the
 * queue is full the event is dropped, counted, and logged (the first drop, then every thousandth). A
 * transport that fails is counted and logged; the task goes on.
 */
final class LineageEmitter implements LineageMetrics {

  private static final Logger LOG = LoggerFactory.getLogger(LineageEmitter.class);

  private final String owner;
  private final Transport transport;
  private final BlockingQueue<OpenLineage.RunEvent> queue;
  private final Thread sender;
  private final AtomicLong emitted = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean closing;
  private final java.time.Clock clock;
  private final long runningIntervalMs;
  private final java.util.function.Supplier<OpenLineage.RunEvent> running;
  private long nextRunningMs;

  /**
   * {@code owner}: the connector and task, for log lines and the sender thread's name. The sender also
   * sends {@code running}'s event every {@code runningIntervalMs} by {@code clock}.
   */
  LineageEmitter(String owner, Transport transport, int capacity, java.time.Clock clock, long runningIntervalMs,
      java.util.function.Supplier<OpenLineage.RunEvent> running) {
    this.owner = owner;
    this.transport = transport;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.clock = clock;
    this.runningIntervalMs = runningIntervalMs;
    this.running = running;
    this.nextRunningMs = clock.millis() + runningIntervalMs;
    this.sender = new Thread(this::sendLoop, "openlineage-" + owner);
    sender.setDaemon(true);
    sender.start();
  }

  /** Queues an event without waiting; false when it was dropped because the queue is full or closed. */
  boolean offer(OpenLineage.RunEvent event) {
    if (!closing && queue.offer(event)) {
      return true;
    }
    long drops = dropped.incrementAndGet();
    if (drops == 1 || drops % 1_000 == 0) {
      LOG.warn("{}: dropped OpenLineage {} event for job {} ({} dropped so far): the transport does not keep up"
          + " or the emitter is closed; raise {} or check the transport", owner, event.getEventType(),
          event.getJob().getName(), drops, LineageConfig.QUEUE_CAPACITY);
    }
    return false;
  }

  private void sendLoop() {
    while (true) {
      OpenLineage.RunEvent event;
      try {
        event = queue.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (event == null) {
        if (closing) {
          return;
        }
        if (clock.millis() >= nextRunningMs) {
          nextRunningMs = clock.millis() + runningIntervalMs;
          send(running.get());
        }
        continue;
      }
      send(event);
    }
  }

  private void send(OpenLineage.RunEvent event) {
    if (event != null) {
      try {
        transport.emit(event);
        emitted.incrementAndGet();
      } catch (RuntimeException | LinkageError e) {
        long failures = failed.incrementAndGet();
        if (failures == 1 || failures % 100 == 0) {
          LOG.warn("{}: sending an OpenLineage {} event failed ({} failed so far): {}", owner, event.getEventType(),
              failures, e.toString());
        }
      }
    }
  }

  /** Sends what is queued for at most {@code timeoutMs}, then stops the sender and closes the transport. */
  void close(long timeoutMs) {
    closing = true;
    try {
      sender.join(timeoutMs);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (sender.isAlive()) {
      sender.interrupt();
      LOG.warn("{}: {} OpenLineage events were not sent within {} ms of stopping", owner, queue.size(), timeoutMs);
    }
    try {
      transport.close();
    } catch (Exception e) {
      LOG.debug("{}: closing the OpenLineage transport failed: {}", owner, e.toString());
    }
  }

  @Override
  public long getEmitted() {
    return emitted.get();
  }

  @Override
  public long getFailed() {
    return failed.get();
  }

  @Override
  public long getDropped() {
    return dropped.get();
  }

  @Override
  public int getQueued() {
    return queue.size();
  }
}
