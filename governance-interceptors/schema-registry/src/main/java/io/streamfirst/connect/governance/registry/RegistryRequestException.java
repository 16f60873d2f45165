// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance.registry;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * The registry answered and refused the request (4xx other than 429): unknown subject, version or id,
 * an incompatible or invalid schema, rejected credentials. Retrying does not help.
 */
public class RegistryRequestException extends ConnectException {

  private static final long serialVersionUID = 1L;

  /** Confluent's error codes for "not found": subject, version, schema. */
  public static final int SUBJECT_NOT_FOUND = 40401;
  public static final int VERSION_NOT_FOUND = 40402;
  public static final int SCHEMA_NOT_FOUND = 40403;

  private final int status;
  private final int errorCode;

  public RegistryRequestException(String message, int status, int errorCode) {
    super(message);
    this.status = status;
    this.errorCode = errorCode;
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The registry's {@code error_code}, or the HTTP status when it sent none. */
  public int errorCode() {
    return errorCode;
  }

  public boolean notFound() {
    return status == 404;
  }
}
