// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg.catalog;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;

/**
 * Keeps credentials of the catalog settings out of messages and logs.
 *
 * <p>Secrets are the values of {@code iceberg.catalog.*} keys whose names look like credentials
 * ({@link #isSecretKey}), and the credentials inside {@code iceberg.catalog.uri}: a {@code user:password@}
 * part and parameters with credential-like names ({@code ?password=...}, {@code ;password=...}). Catalog
 * failures are described by their kind (exception types, SQL state), never by what a server answered.
 */
public final class Secrets {

  private static final String MASK = "****";
  private static final Pattern SECRET_NAME = Pattern.compile(
      "(?i).*(pass|pwd|secret|token|credential|key|auth|sas|session|private|signature|cookie).*");
  /** {@code scheme://user:password@} */
  private static final Pattern USER_INFO = Pattern.compile("(//[^/@:?;&]*):([^/@?;]*)@");
  /** {@code ?name=value}, {@code &name=value}, {@code ;name=value} */
  private static final Pattern PARAMETER = Pattern.compile("([?&;])([^=&;?#]+)=([^&;#]*)");

  private final List<String> values;
  private final String uri;
  private final String redactedUri;

  private Secrets(List<String> values, String uri) {
    this.values = values;
    this.uri = uri;
    this.redactedUri = uri == null ? null : redactUri(uri);
  }

  /** The secrets among catalog properties (prefix removed, as handed to the catalog). */
  public static Secrets of(Map<String, String> catalogProperties) {
    List<String> values = new ArrayList<>();
    String uri = catalogProperties.get("uri");
    catalogProperties.forEach((key, value) -> {
      if (isSecretKey(key) && value != null && value.length() >= 3) {
        values.add(value);
      }
    });
    if (uri != null && !uri.isEmpty()) {
      for (String value : uriSecrets(uri).values()) {
        values.add(value);
        String decoded = java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8);
        if (!decoded.equals(value)) {
          values.add(decoded);
        }
      }
    }
    values.sort(Comparator.comparingInt(String::length).reversed());
    return new Secrets(List.copyOf(values), uri == null || uri.isEmpty() ? null : uri);
  }

  /** Whether a catalog property of this name may hold a credential (its value is never shown). */
  public static boolean isSecretKey(String key) {
    return SECRET_NAME.matcher(key).matches();
  }

  /**
   * The credentials in a URI by where they were found: {@code "userinfo"} for the password of a
   * {@code user:password@} part, else the parameter name (in the URI's spelling).
   */
  public static Map<String, String> uriSecrets(String uri) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher userInfo = USER_INFO.matcher(uri);
    if (userInfo.find() && !userInfo.group(2).isEmpty()) {
      out.put("userinfo", userInfo.group(2));
    }
    Matcher parameter = PARAMETER.matcher(uri);
    while (parameter.find()) {
      if (isSecretKey(parameter.group(2)) && !parameter.group(3).isEmpty()) {
        out.put(parameter.group(2), parameter.group(3));
      }
    }
    return out;
  }

  /** The URI with the password of a {@code user:password@} part and credential-like parameter values masked. */
  public static String redactUri(String uri) {
    String out = USER_INFO.matcher(uri).replaceFirst("$1:" + MASK + "@");
    Matcher parameter = PARAMETER.matcher(out);
    StringBuilder sb = new StringBuilder();
    while (parameter.find()) {
      String replacement = isSecretKey(parameter.group(2))
          ? parameter.group(1) + parameter.group(2) + "=" + MASK
          : parameter.group();
      parameter.appendReplacement(sb, Matcher.quoteReplacement(replacement));
    }
    parameter.appendTail(sb);
    return sb.toString();
  }

  /** The catalog URI as it may be shown (credentials masked), or "" when there is none. */
  public String displayUri() {
    return redactedUri == null ? "" : redactedUri;
  }

  /** {@code text} with the URI shown redacted and every secret value masked. */
  public String mask(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    if (uri != null && out.contains(uri)) {
      out = out.replace(uri, redactedUri);
    }
    for (String value : values) {
      if (out.contains(value)) {
        out = out.replace(value, MASK);
      }
    }
    return out;
  }

  /** Whether the message of {@code e} or of any of its causes shows a secret. */
  public boolean exposedBy(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String text = String.valueOf(t.getMessage());
      if ((uri != null && !uri.equals(redactedUri) && text.contains(uri))
          || values.stream().anyMatch(text::contains)) {
        return true;
      }
      for (Throwable suppressed : t.getSuppressed()) {
        if (exposedBy(suppressed)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * {@code e} as it may leave the plugin (to Connect, which logs it and shows it in the task's status):
   * unchanged when it shows no secret, else a copy of the same Connect kind (retriable, data, other) whose
   * messages, and those of its causes, are masked, with the original stack traces.
   */
  public RuntimeException safe(RuntimeException e) {
    if (!exposedBy(e)) {
      return e;
    }
    String message = mask(e.getMessage());
    Throwable cause = e.getCause() == null ? null : redacted(e.getCause());
    RuntimeException out;
    if (e instanceof RetriableException) {
      out = new RetriableException(message, cause);
    } else if (e instanceof DataException) {
      out = new DataException(message, cause);
    } else if (e instanceof ConnectException) {
      out = new ConnectException(message, cause);
    } else {
      out = new ConnectException(e.getClass().getName() + ": " + message, cause);
    }
    out.setStackTrace(e.getStackTrace());
    return out;
  }

  private Throwable redacted(Throwable t) {
    Throwable out = new Redacted(t.getClass().getName() + (t.getMessage() == null ? "" : ": " + mask(t.getMessage())),
        t.getCause() == null ? null : redacted(t.getCause()));
    out.setStackTrace(t.getStackTrace());
    return out;
  }

  /**
   * What failed, by kind only: the exception types of the chain with SQL states, e.g.
   * {@code UncheckedSQLException <- PSQLException (SQL state 08001: connection failure)}. No message is
   * included: it may quote the request or a server's answer.
   */
  public static String describe(Throwable e) {
    StringBuilder out = new StringBuilder();
    int depth = 0;
    for (Throwable t = e; t != null && depth < 6; t = t.getCause(), depth++) {
      if (out.length() > 0) {
        out.append(" <- ");
      }
      out.append(t.getClass().getSimpleName());
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        out.append(" (SQL state ").append(sql.getSQLState());
        String meaning = sqlStateMeaning(sql.getSQLState());
        if (meaning != null) {
          out.append(": ").append(meaning);
        }
        out.append(')');
      }
    }
    return out.toString();
  }

  private static String sqlStateMeaning(String state) {
    String category = state.length() >= 2 ? state.substring(0, 2).toUpperCase(Locale.ROOT) : state;
    return switch (category) {
      case "08" -> "connection failure";
      case "28" -> "authentication failed: check the user and password";
      case "3D" -> "database does not exist";
      case "42" -> "syntax error or missing privilege";
      case "53" -> "server out of resources";
      case "57" -> "server shutting down or starting";
      default -> null;
    };
  }

  /** A cause whose message was masked; it names the original exception type. */
  private static final class Redacted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Redacted(String message, Throwable cause) {
      super(message, cause);
    }

    @Override
    public String toString() {
      return getMessage(); // "<original type>: <masked message>"
    }
  }
}
