// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.quickstart;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What the pipeline mode runs: the load generator's rate, seed and duration, the sinks it deploys, the ports of
 * the services it starts besides Kafka and Connect, and the table the query mode prints.
 */
public record PipelineSettings(int rate, Duration duration, Set<Sink> sinks, long seed, int postgresPort,
    int clickhousePort, String table) {

  /** A sink the pipeline can deploy. */
  public enum Sink {
    ICEBERG, CLICKHOUSE;

    static Sink parse(String value) {
      try {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(QuickstartOptions.Option.SINKS.flag()
            + " takes a comma-separated list of iceberg and clickhouse, got '" + value.trim() + "'.");
      }
    }
  }

  public static final int DEFAULT_RATE = 20;
  public static final long DEFAULT_SEED = 17;
  public static final int DEFAULT_POSTGRES_PORT = 15432;
  public static final int DEFAULT_CLICKHOUSE_PORT = 18123;
  public static final String DEFAULT_TABLE = "orders";

  public PipelineSettings {
    if (rate < 0) {
      throw new IllegalArgumentException(QuickstartOptions.Option.RATE.flag() + " must be 0 or more changes per"
          + " second, got " + rate + ".");
    }
    if (duration.isNegative()) {
      throw new IllegalArgumentException(QuickstartOptions.Option.DURATION.flag() + " must be 0 (until Ctrl-C) or"
          + " more seconds, got " + duration.toSeconds() + ".");
    }
    sinks = sinks.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(sinks));
  }

  /** 20 changes a second until Ctrl-C, both sinks, seed 17, PostgreSQL on 15432, ClickHouse HTTP on 18123. */
  public static PipelineSettings defaults() {
    return new PipelineSettings(DEFAULT_RATE, Duration.ZERO, EnumSet.allOf(Sink.class), DEFAULT_SEED,
        DEFAULT_POSTGRES_PORT, DEFAULT_CLICKHOUSE_PORT, DEFAULT_TABLE);
  }

  public boolean has(Sink sink) {
    return sinks.contains(sink);
  }

  /** Whether the generator stops by itself (after {@link #duration()}) instead of running until Ctrl-C. */
  public boolean bounded() {
    return !duration.isZero();
  }

  PipelineSettings withRate(int value) {
    return new PipelineSettings(value, duration, sinks, seed, postgresPort, clickhousePort, table);
  }

  PipelineSettings withDuration(Duration value) {
    return new PipelineSettings(rate, value, sinks, seed, postgresPort, clickhousePort, table);
  }

  PipelineSettings withSinks(Set<Sink> value) {
    return new PipelineSettings(rate, duration, value, seed, postgresPort, clickhousePort, table);
  }

  PipelineSettings withSeed(long value) {
    return new PipelineSettings(rate, duration, sinks, value, postgresPort, clickhousePort, table);
  }

  PipelineSettings withPostgresPort(int value) {
    return new PipelineSettings(rate, duration, sinks, seed, value, clickhousePort, table);
  }

  PipelineSettings withClickhousePort(int value) {
    return new PipelineSettings(rate, duration, sinks, seed, postgresPort, value, table);
  }

  PipelineSettings withTable(String value) {
    return new PipelineSettings(rate, duration, sinks, seed, postgresPort, clickhousePort, value);
  }
}
