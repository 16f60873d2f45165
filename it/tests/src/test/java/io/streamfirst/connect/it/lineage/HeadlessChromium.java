// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium (Debian's package): the DOM after a page's script ran, and screenshots. Each test class uses
 * its own directory (profile and log), so classes running at the same time do not share a profile.
 */
final class HeadlessChromium {

  private static final Path BINARY = Path.of("/usr/bin/chromium");
  private final Path dir;

  HeadlessChromium(Path dir) {
    this.dir = dir;
  }

  private List<String> command(String... args) {
    if (!Files.isExecutable(BINARY)) {
      throw new AssertionError("headless Chromium is needed at " + BINARY + ": install Debian's package"
          + " 'chromium' (.ci/run does)");
    }
    List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox",
        "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--hide-scrollbars",
        "--virtual-time-budget=4000", "--user-data-dir=" + dir.resolve("chromium-profile")));
    command.addAll(List.of(args));
    return command;
  }

  private String run(List<String> command) throws Exception {
    Files.createDirectories(dir);
    Path log = dir.resolve("chromium.log");
    Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
    byte[] out = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();
    assertThat(process.exitValue()).as("chromium exit code; log %s", log).isZero();
    return new String(out, StandardCharsets.UTF_8);
  }

  String dumpDom(String url) throws Exception {
    return run(command("--dump-dom", url));
  }

  Path screenshot(String url, Path file) throws Exception {
    Files.deleteIfExists(file);
    run(command("--window-size=1500,1000", "--screenshot=" + file, url));
    return file;
  }
}
