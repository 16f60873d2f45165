// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.iceberg;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Captures what the test JVM logs (the embedded brokers and workers, the plugins they load) while it is
 * open: every event of the given loggers at the given levels, with the messages of its exception chain.
 * The console keeps showing WARN and above only. Closing restores the configuration from the file.
 */
final class LogCapture implements AutoCloseable {

  private final ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();
  private final LoggerContext context;

  private LogCapture(Map<String, Level> levels) {
    context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    Appender capture = new AbstractAppender("it-capture", null, null, true, Property.EMPTY_ARRAY) {
      @Override
      public void append(LogEvent event) {
        StringBuilder line = new StringBuilder().append(event.getLevel()).append(' ').append(event.getLoggerName())
            .append(" - ").append(event.getMessage().getFormattedMessage());
        for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
          line.append(" | ").append(t);
          for (Throwable suppressed : t.getSuppressed()) {
            line.append(" | suppressed ").append(suppressed);
          }
        }
        events.add(line.toString());
      }
    };
    capture.start();
    config.addAppender(capture);
    LoggerConfig root = config.getRootLogger();
    Appender console = config.getAppender("console");
    root.removeAppender("console");
    if (console != null) {
      root.addAppender(console, Level.WARN, null);
    }
    root.addAppender(capture, Level.ALL, null);
    levels.forEach((name, level) -> {
      LoggerConfig logger = config.getLoggerConfig(name);
      if (logger.getName().equals(name)) {
        logger.setLevel(level);
      } else {
        config.addLogger(name, new LoggerConfig(name, level, true));
      }
    });
    context.updateLoggers();
  }

  /** Starts capturing the loggers (names as prefixes) at their levels, e.g. {@code io.streamfirst -> DEBUG}. */
  static LogCapture start(Map<String, Level> levels) {
    return new LogCapture(levels);
  }

  /** Everything captured so far, one line per event. */
  List<String> events() {
    return List.copyOf(events);
  }

  @Override
  public void close() {
    context.reconfigure();
  }
}
