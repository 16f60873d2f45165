// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfirst.connect.iceberg.IcebergSinkConfig;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.jdbc.UncheckedSQLException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.Test;

class SecretsTest {

  @Test
  void uriCredentialsAreMaskedAndEverythingElseStays() {
    assertThat(Secrets.redactUri("jdbc:postgresql://h:5432/db?user=u&password=p%40ss&ssl=true"))
        .isEqualTo("jdbc:postgresql://h:5432/db?user=u&password=****&ssl=true");
    assertThat(Secrets.redactUri("jdbc:mysql://admin:hunter2@h/db")).isEqualTo("jdbc:mysql://admin:****@h/db");
    assertThat(Secrets.redactUri("jdbc:sqlserver://h;user=u;password=p;db=x"))
        .isEqualTo("jdbc:sqlserver://h;user=u;password=****;db=x");
    assertThat(Secrets.redactUri("https://catalog.example.com/api?token=abc"))
        .isEqualTo("https://catalog.example.com/api?token=****");
    assertThat(Secrets.redactUri("jdbc:sqlite:/var/lib/iceberg/catalog.db"))
        .isEqualTo("jdbc:sqlite:/var/lib/iceberg/catalog.db");
  }

  @Test
  void credentialsInAPostgresUrlMoveIntoDriverProperties() {
    Map<String, String> props = new HashMap<>();
    props.put("iceberg.catalog.type", "jdbc");
    props.put("iceberg.catalog.warehouse", "file:/tmp/wh");
    props.put("iceberg.catalog.uri", "jdbc:postgresql://h:5432/db?user=u&password=p%40ss&ApplicationName=sink");
    Map<String, String> catalog = Catalogs.catalogProperties(new IcebergSinkConfig(props));
    assertThat(catalog).containsEntry("uri", "jdbc:postgresql://h:5432/db?user=u&ApplicationName=sink")
        .containsEntry("jdbc.password", "p@ss");
    props.put("iceberg.catalog.uri", "jdbc:postgresql://u:secret1@h/db");
    assertThat(Catalogs.catalogProperties(new IcebergSinkConfig(props)))
        .containsEntry("uri", "jdbc:postgresql://u@h/db")
        .containsEntry("jdbc.password", "secret1");
  }

  @Test
  void exceptionsLeaveWithTheirKindAndWithoutSecrets() {
    Secrets secrets = Secrets.of(Map.of("uri", "jdbc:postgresql://h/db?password=pw123", "jdbc.password", "other-pw",
        "s3.secret-access-key", "s3key", "warehouse", "file:/wh"));
    RuntimeException leaking = new RetriableException("catalog unreachable",
        new UncheckedSQLException(new SQLException("down", "08001"), "Failed to connect: %s",
            "jdbc:postgresql://h/db?password=pw123 as other-pw"));
    RuntimeException safe = secrets.safe(leaking);
    assertThat(safe).isInstanceOf(RetriableException.class).hasMessage("catalog unreachable");
    assertThat(safe.getCause()).hasMessageContaining("UncheckedSQLException")
        .hasMessageContaining("jdbc:postgresql://h/db")
        .hasMessageNotContaining("pw123").hasMessageNotContaining("other-pw");
    assertThat(safe.getCause().getCause()).hasMessageContaining("SQLException: down");
    RuntimeException clean = new ConnectException("nothing secret here");
    assertThat(secrets.safe(clean)).isSameAs(clean);
    assertThat(Secrets.describe(leaking)).isEqualTo(
        "RetriableException <- UncheckedSQLException <- SQLException (SQL state 08001: connection failure)");
  }
}
