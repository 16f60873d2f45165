// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.common;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A UTC clock that moves only when a test says so. Shipped in common's test jar, never in a plugin. */
public final class ManualClock extends Clock {

  private long millis;

  public ManualClock() {
    this(0);
  }

  public ManualClock(long startMillis) {
    this.millis = startMillis;
  }

  /** Moves the clock forward by {@code deltaMillis}. */
  public void advance(long deltaMillis) {
    millis += deltaMillis;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis);
  }

  @Override
  public long millis() {
    return millis;
  }
}
