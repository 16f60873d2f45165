// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg.catalog;

import org.apache.kafka.connect.errors.RetriableException;

/** The catalog could not be reached (see {@link CatalogOutage#isUnreachable}); the message names the kind only. */
public final class CatalogUnavailableException extends RetriableException {

  private static final long serialVersionUID = 1L;

  public CatalogUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
