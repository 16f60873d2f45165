// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.clickhouse;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Everything the workers in this JVM log at INFO and above (Kafka, Connect, the plugins), with stack
 * traces, while open: the levels a production worker logs at. Left out: Kafka's embedded-cluster test
 * client ({@code org.apache.kafka.connect.util.clusters}), which logs the REST requests this test
 * sends, configs included; it is not part of a worker. Restores the test's levels on close.
 */
final class CapturedLogs implements AutoCloseable {

  private static final String TEST_CLIENT = "org.apache.kafka.connect.util.clusters";

  private final StringBuffer text = new StringBuffer();
  private final Map<LoggerConfig, Level> levels = new LinkedHashMap<>();
  private final LoggerContext context;
  private final AbstractAppender appender;

  private CapturedLogs() {
    context = (LoggerContext) LogManager.getContext(false);
    appender = new AbstractAppender("captured-" + System.identityHashCode(this), null, null, true,
        Property.EMPTY_ARRAY) {
      @Override
      public void append(LogEvent event) {
        if (event.getLoggerName().startsWith(TEST_CLIENT)) {
          return;
        }
        text.append(event.getLevel()).append(' ').append(event.getLoggerName()).append(" - ")
            .append(event.getMessage().getFormattedMessage()).append('\n');
        if (event.getThrown() != null) {
          StringWriter trace = new StringWriter();
          event.getThrown().printStackTrace(new PrintWriter(trace));
          text.append(trace).append('\n');
        }
      }
    };
    appender.start();
    Configuration configuration = context.getConfiguration();
    for (LoggerConfig logger : configuration.getLoggers().values()) {
      levels.put(logger, logger.getLevel());
      if (logger.getLevel().isMoreSpecificThan(Level.INFO)) {
        logger.setLevel(Level.INFO);
      }
    }
    configuration.getRootLogger().addAppender(appender, Level.INFO, null);
    context.updateLoggers();
  }

  static CapturedLogs start() {
    return new CapturedLogs();
  }

  /** What was logged so far. */
  String text() {
    return text.toString();
  }

  @Override
  public void close() {
    Configuration configuration = context.getConfiguration();
    configuration.getRootLogger().removeAppender(appender.getName());
    levels.forEach(LoggerConfig::setLevel);
    context.updateLoggers();
    appender.stop();
  }
}
