// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Kafka clients a Connect worker creates, recognised by the {@code client.id} it gives them:
 * {@code <prefix><connector>-<task>}.
 */
final class ClientIds {

  /** What a Connect client is for, by its {@code client.id} prefix. */
  enum Role {
    /** A source task's producer: its records get lineage headers. */
    SOURCE_TASK("connector-producer-"),
    /** A sink connector's dead-letter queue producer: left alone. */
    DEAD_LETTER_QUEUE("connector-dlq-producer-"),
    /** The producer of a connector's own offsets topic: left alone. */
    OFFSETS("connector-offset-producer-"),
    /** A sink task's consumer: what it consumes is recorded. */
    SINK_TASK("connector-consumer-");

    final String prefix;

    Role(String prefix) {
      this.prefix = prefix;
    }
  }

  /** A connector task as its client id names it. */
  record ConnectClient(Role role, String connector, int task) {
  }

  private static final Pattern TASK_SUFFIX = Pattern.compile("(.+)-(\\d+)");

  private ClientIds() {}

  /** The Connect client {@code clientId} names, or empty when it is not one a Connect worker creates. */
  static Optional<ConnectClient> parse(String clientId) {
    if (clientId == null) {
      return Optional.empty();
    }
    for (Role role : Role.values()) {
      if (clientId.startsWith(role.prefix)) {
        Matcher matcher = TASK_SUFFIX.matcher(clientId.substring(role.prefix.length()));
        if (matcher.matches()) {
          try {
            return Optional.of(new ConnectClient(role, matcher.group(1), Integer.parseInt(matcher.group(2))));
          } catch (NumberFormatException e) {
            return Optional.empty();
          }
        }
      }
    }
    return Optional.empty();
  }
}
