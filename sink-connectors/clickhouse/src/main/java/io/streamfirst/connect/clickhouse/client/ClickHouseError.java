package io.streamfirst.connect.clickhouse.client;

import com.clickhouse.client.api.ServerException;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Classifies failures of requests to ClickHouse as transient (worth retrying) or permanent, and
 * renders them without record values: server messages of parse errors quote the rejected data, so
 * for those only the code is kept.
 *
 * @param code      the server's error code, or -1 for a client/network failure
 * @param transient whether a retry may succeed
 * @param message   safe to log
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

  private static final java.util.regex.Pattern CODE = java.util.regex.Pattern.compile("Code: (\\d+)");

  /** Server errors that a retry can cure: overload, timeouts, network, too many parts, memory. */
  private static final Set<Integer> TRANSIENT_CODES = Set.of(3, 32, 159, 164, 202, 203, 209, 210, 241, 242, 252,
      285, 319, 425, 439, 999);
  /** Errors whose message may quote the data being inserted. */
  private static final Set<Integer> DATA_QUOTING_CODES = Set.of(6, 26, 27, 32, 33, 38, 41, 53, 69, 70, 72, 117, 130,
      131, 173, 321, 395);

  /** The classification of {@code failure} (unwrapped from execution exceptions). */
  public static ClickHouseError of(Throwable failure) {
    Throwable t = unwrap(failure);
    if (t instanceof ServerException se) {
      // older servers send no X-ClickHouse-Exception-Code header: the code is only in the message
      int code = se.getCode() > 0 ? se.getCode() : codeIn(se.getMessage());
      String text = DATA_QUOTING_CODES.contains(code) ? "ClickHouse rejected the request (error code " + code + ")"
          : "ClickHouse error " + code + ": " + firstLine(se.getMessage());
      return new ClickHouseError(code, TRANSIENT_CODES.contains(code), text);
    }
    boolean network = t instanceof IOException || t instanceof TimeoutException || t instanceof HttpTimeoutException
        || hasCause(t, IOException.class);
    return new ClickHouseError(-1, network, "request to ClickHouse failed: " + t.getClass().getSimpleName()
        + (t.getMessage() == null ? "" : ": " + firstLine(t.getMessage())));
  }

  /** Builds the classification of an HTTP error response body ({@code Code: N, e.displayText() = ...}). */
  static ClickHouseError ofResponse(int status, String body) {
    int code = codeIn(body);
    boolean isTransient = TRANSIENT_CODES.contains(code) || status == 503 || status == 502 || status == 504;
    String text = DATA_QUOTING_CODES.contains(code) ? "ClickHouse rejected the request (error code " + code + ")"
        : "ClickHouse HTTP " + status + ": " + firstLine(body);
    return new ClickHouseError(code, isTransient, text);
  }

  /** The {@code Code: N} a server error message starts with, or -1. */
  static int codeIn(String message) {
    if (message == null) {
      return -1;
    }
    java.util.regex.Matcher m = CODE.matcher(message);
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
