// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.quickstart;

/** A port the quickstart needs is already taken; the message names the port and the option to change it. */
public final class PortInUseException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int port;

  PortInUseException(int port, QuickstartOptions.Option option) {
    super("Port " + port + " (" + option.purpose()
        + ") is already in use: stop whatever uses it, or pick another port with "
        + option.howToChange() + ".");
    this.port = port;
  }

  public int port() {
    return port;
  }
}
