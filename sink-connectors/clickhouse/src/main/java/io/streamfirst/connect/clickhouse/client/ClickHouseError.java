// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse.client;

import com.clickhouse.client.api.ServerException;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classifies failures of requests to ClickHouse as transient (worth retrying) or permanent, and
 * renders them without the server's text: its messages may quote inserted data, settings values or
 * parts of the request, so a message keeps only the HTTP status, the error code and the code's name.
 * The server logs its full message itself.
 *
 * @param code      the server's error code, or -1 for a client/network failure
 * @param transient whether a retry may succeed
 * @param message   safe to log and to show: no server text, no record values, no settings values
 */
public record ClickHouseError(int code, boolean retriable, String message) {

  public static final int UNKNOWN_TABLE = 60;
  public static final int UNKNOWN_DATABASE = 81;
  public static final int COLUMN_ALREADY_EXISTS = 44;
  public static final int AUTHENTICATION_FAILED = 516;
  public static final int ACCESS_DENIED = 497;
  static final int REQUIRED_PASSWORD = 194;
  static final int UNKNOWN_USER = 192;
  static final int WRONG_PASSWORD = 193;

  private static final Pattern CODE = Pattern.compile("Code: (\\d+)");

  /** Server errors that a retry can cure: overload, timeouts, network, too many parts, memory. */
  private static final Set<Integer> TRANSIENT_CODES = Set.of(3, 32, 159, 164, 202, 203, 209, 210, 241, 242, 252,
      285, 319, 425, 439, 999);

  /** Names of the codes the sink meets most; current servers name the code in their message. */
  private static final Map<Integer, String> NAMES = Map.ofEntries(
      Map.entry(6, "CANNOT_PARSE_TEXT"), Map.entry(16, "NO_SUCH_COLUMN_IN_TABLE"),
      Map.entry(19, "SIZE_OF_FIXED_STRING_DOESNT_MATCH"), Map.entry(27, "CANNOT_PARSE_INPUT_ASSERTION_FAILED"),
      Map.entry(33, "CANNOT_READ_ALL_DATA"), Map.entry(36, "BAD_ARGUMENTS"), Map.entry(44, "ILLEGAL_COLUMN"),
      Map.entry(47, "UNKNOWN_IDENTIFIER"), Map.entry(50, "UNKNOWN_TYPE"), Map.entry(53, "TYPE_MISMATCH"),
      Map.entry(57, "TABLE_ALREADY_EXISTS"), Map.entry(60, "UNKNOWN_TABLE"), Map.entry(62, "SYNTAX_ERROR"),
      Map.entry(70, "CANNOT_CONVERT_TYPE"), Map.entry(81, "UNKNOWN_DATABASE"), Map.entry(115, "UNKNOWN_SETTING"),
      Map.entry(159, "TIMEOUT_EXCEEDED"), Map.entry(164, "READONLY"), Map.entry(192, "UNKNOWN_USER"),
      Map.entry(193, "WRONG_PASSWORD"), Map.entry(194, "REQUIRED_PASSWORD"),
      Map.entry(202, "TOO_MANY_SIMULTANEOUS_QUERIES"), Map.entry(209, "SOCKET_TIMEOUT"),
      Map.entry(210, "NETWORK_ERROR"), Map.entry(212, "UNKNOWN_LOAD_BALANCING"),
      Map.entry(241, "MEMORY_LIMIT_EXCEEDED"), Map.entry(252, "TOO_MANY_PARTS"),
      Map.entry(349, "CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN"), Map.entry(395, "FUNCTION_THROW_IF_VALUE_IS_NON_ZERO"),
      Map.entry(497, "ACCESS_DENIED"), Map.entry(516, "AUTHENTICATION_FAILED"));
  /** How current servers end a message: {@code ... (UNKNOWN_TABLE) (version 24.3.1.1)}. */
  private static final Pattern NAME_AT_END = Pattern
      .compile("\\(([A-Z][A-Z0-9_]{2,80})\\)\\s*\\(version [^()]*\\)\\.?$");

  /** The classification of {@code failure} (unwrapped from execution exceptions). */
  public static ClickHouseError of(Throwable failure) {
    Throwable t = unwrap(failure);
    if (t instanceof ServerException se) {
      // older servers send no X-ClickHouse-Exception-Code header: the code is only in the message
      int code = se.getCode() > 0 ? se.getCode() : codeIn(se.getMessage());
      return new ClickHouseError(code, TRANSIENT_CODES.contains(code), rejected(code, se.getMessage(), -1));
    }
    boolean network = t instanceof IOException || t instanceof TimeoutException || t instanceof HttpTimeoutException
        || hasCause(t, IOException.class);
    return new ClickHouseError(-1, network, "request to ClickHouse failed: " + t.getClass().getSimpleName()
        + (t.getMessage() == null ? "" : ": " + firstLine(t.getMessage())));
  }

  /** Builds the classification of an HTTP error response ({@code Code: N, e.displayText() = ...}). */
  static ClickHouseError ofResponse(int status, String body) {
    int code = codeIn(body);
    boolean isTransient = TRANSIENT_CODES.contains(code) || status == 503 || status == 502 || status == 504;
    return new ClickHouseError(code, isTransient, rejected(code, body, status));
  }

  /** {@code ClickHouse rejected the request (HTTP 500, error code 60, UNKNOWN_TABLE)}: never the server's text. */
  private static String rejected(int code, String serverText, int status) {
    StringBuilder out = new StringBuilder("ClickHouse rejected the request (");
    if (status > 0) {
      out.append("HTTP ").append(status);
    }
    if (code >= 0) {
      out.append(status > 0 ? ", " : "").append("error code ").append(code);
      String name = name(code, serverText);
      if (name != null) {
        out.append(", ").append(name);
      }
    } else if (status <= 0) {
      out.append("no error code");
    }
    return out.append(')').toString();
  }

  /** The code's name as the server ends its message with it, else from the table above; null if unknown. */
  static String name(int code, String serverText) {
    if (serverText != null) {
      Matcher m = NAME_AT_END.matcher(serverText.strip());
      if (m.find()) {
        return m.group(1);
      }
    }
    return NAMES.get(code);
  }

  /** This error with {@code secrets} (e.g. a password, settings values) replaced in its message. */
  public ClickHouseError redacted(Iterable<String> secrets) {
    String text = message;
    for (String secret : secrets) {
      if (secret != null && secret.length() >= 4) {
        text = text.replace(secret, "[hidden]");
      }
    }
    return text.equals(message) ? this : new ClickHouseError(code, retriable, text);
  }

  /** The {@code Code: N} a server error message starts with, or -1. */
  static int codeIn(String message) {
    if (message == null) {
      return -1;
    }
    Matcher m = CODE.matcher(message);
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  public boolean authentication() {
    return code == AUTHENTICATION_FAILED || code == UNKNOWN_USER || code == WRONG_PASSWORD || code == REQUIRED_PASSWORD;
  }

  private static Throwable unwrap(Throwable t) {
    Throwable current = t;
    while ((current instanceof java.util.concurrent.ExecutionException
        || current instanceof java.util.concurrent.CompletionException) && current.getCause() != null) {
      current = current.getCause();
    }
    if (!(current instanceof ServerException) && current.getCause() instanceof ServerException se) {
      return se;
    }
    return current;
  }

  private static boolean hasCause(Throwable t, Class<?> type) {
    for (Throwable c = t.getCause(); c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    String line = text.strip();
    int nl = line.indexOf('\n');
    line = nl < 0 ? line : line.substring(0, nl);
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }
}
