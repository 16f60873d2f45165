// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.functions;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Functions for personal data: masking and hashing. Called by generated code; never given null. */
public final class PiiFunctions {

  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final int VISIBLE_SUFFIX = 4;

  private PiiFunctions() {}

  /**
   * Masks text: every letter or digit becomes {@code *} except the last four characters, so
   * {@code 4111-1111-1111-1234} becomes {@code ****-****-****-1234}; separators keep the shape.
   */
  public static String mask(String text) {
    return mask(text, VISIBLE_SUFFIX);
  }

  /** Masks text, leaving the last {@code visible} characters readable. */
  public static String mask(String text, int visible) {
    int keepFrom = Math.max(0, text.length() - Math.max(visible, 0));
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      out.append(i < keepFrom && Character.isLetterOrDigit(c) ? '*' : c);
    }
    return out.toString();
  }

  /** The SHA-256 digest of the text's UTF-8 bytes, as 64 lower-case hexadecimal characters. */
  public static String sha256(String text) {
    byte[] digest = sha256Digest().digest(text.getBytes(StandardCharsets.UTF_8));
    char[] hex = new char[digest.length * 2];
    for (int i = 0; i < digest.length; i++) {
      hex[2 * i] = HEX[(digest[i] >> 4) & 0xf];
      hex[2 * i + 1] = HEX[digest[i] & 0xf];
    }
    return new String(hex);
  }

  private static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
    }
  }
}
