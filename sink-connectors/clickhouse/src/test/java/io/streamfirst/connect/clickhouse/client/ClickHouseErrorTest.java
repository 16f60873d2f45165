// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.ServerException;
import java.net.ConnectException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** Which failures are retried, and that messages which may quote inserted data are reduced to their code. */
class ClickHouseErrorTest {

  @Test
  void serverCodesAreReadFromTheMessageWhenTheServerSendsNoCodeHeader() {
    ServerException old = new ServerException(0, "Code: 44, e.displayText() = DB::Exception: Cannot add column x:"
        + " column with this name already exists", 500, "q1");
    ClickHouseError error = ClickHouseError.of(new ExecutionException(old));
    assertThat(error.code()).isEqualTo(ClickHouseError.COLUMN_ALREADY_EXISTS);
    assertThat(error.retriable()).isFalse();
  }

  @Test
  void overloadAndNetworkFailuresAreRetriable() {
    assertThat(ClickHouseError.of(new ServerException(252, "Code: 252 Too many parts", 500, "q")).retriable()).isTrue();
    assertThat(ClickHouseError.of(new RuntimeException(new ConnectException("Connection refused"))).retriable())
        .isTrue();
    assertThat(ClickHouseError.ofResponse(503, "Service Unavailable").retriable()).isTrue();
    assertThat(ClickHouseError.ofResponse(400, "Code: 62, e.displayText() = Syntax error").retriable()).isFalse();
  }

  @Test
  void messagesKeepTheCodeAndItsNameButNeverTheServersText() {
    ServerException parse = new ServerException(27, "Code: 27, e.displayText() = DB::Exception: Cannot parse input:"
        + " expected , before: 'alice@example.com'", 500, "q");
    assertThat(ClickHouseError.of(parse).message())
        .isEqualTo("ClickHouse rejected the request (error code 27, CANNOT_PARSE_INPUT_ASSERTION_FAILED)");
    assertThat(ClickHouseError.ofResponse(500, "Code: 27, Cannot parse input: 'alice@example.com'").message())
        .doesNotContain("alice");
    // 18.16 quotes a refused setting's value
    assertThat(ClickHouseError.ofResponse(500, "Code: 212, e.displayText() = DB::Exception: Unknown load balancing"
        + " mode: 'hunter2-token', must be one of 'random'").message())
        .isEqualTo("ClickHouse rejected the request (HTTP 500, error code 212, UNKNOWN_LOAD_BALANCING)");
    // current servers name the code at the end
    assertThat(ClickHouseError.of(new ServerException(999, "Code: 999. DB::Exception: Setting x: 'hunter2-token'."
        + " (SOME_NEW_ERROR) (version 24.3.1.1)", 500, "q")).message())
        .isEqualTo("ClickHouse rejected the request (error code 999, SOME_NEW_ERROR)");
    assertThat(ClickHouseError.ofResponse(404, "<html>Not Found: hunter2-token</html>").message())
        .isEqualTo("ClickHouse rejected the request (HTTP 404)");
  }

  @Test
  void secretsAreRedactedFromClientMessages() {
    ClickHouseError error = ClickHouseError.of(new java.io.IOException("failed: http://h:8123/?token=hunter2-token"));
    assertThat(error.redacted(java.util.List.of("hunter2-token", "1")).message())
        .isEqualTo("request to ClickHouse failed: IOException: failed: http://h:8123/?token=[hidden]");
  }

  @Test
  void authenticationFailuresAreRecognised() {
    assertThat(ClickHouseError.ofResponse(500, "Code: 516, e.displayText() = DB::Exception: default: Authentication"
        + " failed").authentication()).isTrue();
    assertThat(ClickHouseError.ofResponse(500, "Code: 193, e.displayText() = DB::Exception: Wrong password for user"
        + " default").authentication()).isTrue();
  }
}
