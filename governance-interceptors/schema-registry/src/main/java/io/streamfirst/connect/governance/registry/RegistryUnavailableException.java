// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance.registry;

import org.apache.kafka.connect.errors.RetriableException;

/**
 * The registry could not be reached, or answered with a server error or 429, on every attempt. Connect
 * may retry the operation ({@code errors.retry.timeout}); the message names the request and the
 * registry URL, never credentials.
 */
public class RegistryUnavailableException extends RetriableException {

  private static final long serialVersionUID = 1L;

  public RegistryUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
