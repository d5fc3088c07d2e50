package dev.pgaddon.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlatformSettingsTest {
  private static final Map<String, String> HOME = Map.of("user.home", "/home/op");
  private static final String KEY = "cGdhZGRvbi1yZXBsYXktdGVzdC1rZXktMzItYnl0ZXM=";

  @Test
  void anEmptyEnvironmentGivesTheDefaults() {
    PlatformSettings s = PlatformSettings.from(Map.of(), HOME);

    assertEquals("pgaddon", s.taskQueue());
    assertEquals("127.0.0.1:7233", s.temporalAddress());
    assertFalse(s.temporalAddressWasSet());
    assertEquals("default", s.temporalNamespace());
    assertNull(s.temporalTls());
    assertEquals(Path.of("/home/op/.pgaddon"), s.home());
    assertEquals(Path.of("/var/lib/pgaddon/backups"), s.backupRoot());
    assertEquals(Duration.ofSeconds(30), s.heartbeatTimeout());
    assertEquals(55000, s.portRangeFirst());
    assertEquals(55999, s.portRangeLast());
    assertEquals("10.213.0.0/16", s.networkPool());
    assertNull(s.owner());
    assertFalse(s.restartHookAllowPrivate());
    assertEquals(Duration.ofSeconds(30), s.statusRefreshInterval());
    assertEquals(Duration.ofSeconds(600), s.backupSweepInterval());
    assertEquals("http://127.0.0.1:8233", s.temporalUiUrl());
    assertNull(s.codecKey());
    assertNull(s.secretsKey());
    assertEquals("127.0.0.1", s.apiHost());
    assertEquals(8080, s.apiPort());
    assertEquals(8089, s.codecPort());
    assertEquals(List.of("http://127.0.0.1:8233", "http://localhost:8233"), s.uiOrigins());
    assertNull(s.codecToken());
  }

  @Test
  void theEnvironmentSetsThemAndBlankIsUnset() {
    PlatformSettings s = PlatformSettings.from(Map.ofEntries(
        Map.entry("PGADDON_TASK_QUEUE", "q1"), Map.entry("TEMPORAL_ADDRESS", "temporal:7233"),
        Map.entry("TEMPORAL_NAMESPACE", "ns"), Map.entry("PGADDON_HOME", "/srv/pgaddon"),
        Map.entry("PGADDON_BACKUP_ROOT", "/b"), Map.entry("PGADDON_HEARTBEAT_TIMEOUT_SECONDS", "8"),
        Map.entry("PGADDON_PORT_RANGE", "40000-40010"), Map.entry("PGADDON_NETWORK_POOL", "10.50.0.0/16"),
        Map.entry("PGADDON_OWNER", "it-1"), Map.entry("PGADDON_RESTART_HOOK_ALLOW_PRIVATE", "TRUE"),
        Map.entry("PGADDON_STATUS_REFRESH_SECONDS", "5"), Map.entry("PGADDON_BACKUP_SWEEP_SECONDS", "60"),
        Map.entry("PGADDON_TEMPORAL_UI_URL", "https://ui.example//"), Map.entry("PGADDON_CODEC_KEY", KEY),
        Map.entry("PGADDON_API_PORT", "9090"), Map.entry("PGADDON_SECRETS_KEY", " ")), HOME);

    assertEquals("q1", s.taskQueue());
    assertEquals("temporal:7233", s.temporalAddress());
    assertTrue(s.temporalAddressWasSet());
    assertEquals("ns", s.temporalNamespace());
    assertEquals(Path.of("/srv/pgaddon"), s.home());
    assertEquals(Path.of("/b"), s.backupRoot());
    assertEquals(Duration.ofSeconds(8), s.heartbeatTimeout());
    assertEquals(40000, s.portRangeFirst());
    assertEquals(40010, s.portRangeLast());
    assertEquals("10.50.0.0/16", s.networkPool());
    assertEquals("it-1", s.owner());
    assertTrue(s.restartHookAllowPrivate());
    assertEquals(Duration.ofSeconds(5), s.statusRefreshInterval());
    assertEquals(Duration.ofSeconds(60), s.backupSweepInterval());
    assertEquals("https://ui.example", s.temporalUiUrl());
    assertEquals(KEY, s.codecKey());
    assertNull(s.secretsKey());
    assertEquals(9090, s.apiPort());
    assertFalse(s.toString().contains(KEY), "a key never shows");
  }

  @Test
  void overridesWinOverTheEnvironment() {
    PlatformSettings s = PlatformSettings.from(
        Map.of("PGADDON_TASK_QUEUE", "from-env", "PGADDON_HOME", "/env-home", "TEMPORAL_ADDRESS", "env:7233",
            "PGADDON_OWNER", "env-owner", "PGADDON_PORT_RANGE", "40000-40010"),
        Map.of("pgaddon.task.queue", "from-flag", "pgaddon.home", "/flag-home", "pgaddon.temporal.address", "flag:7233",
            "pgaddon.owner", "flag-owner", "pgaddon.port.range", "41000-41010", "pgaddon.backup.root", " "));

    assertEquals("from-flag", s.taskQueue());
    assertEquals(Path.of("/flag-home"), s.home());
    assertEquals("flag:7233", s.temporalAddress());
    assertEquals("flag-owner", s.owner());
    assertEquals(41000, s.portRangeFirst());
    assertEquals(Path.of("/var/lib/pgaddon/backups"), s.backupRoot(), "a blank override counts as unset");
  }

  @Test
  void withChangesOneAndKeepsTheRest() {
    PlatformSettings s = PlatformSettings.from(Map.of("PGADDON_TASK_QUEUE", "q1"), HOME);

    PlatformSettings owned = s.with(Map.of("pgaddon.owner", "it-2"));

    assertEquals("it-2", owned.owner());
    assertEquals("q1", owned.taskQueue());
    assertEquals(s.home(), owned.home());
    assertFalse(owned.temporalAddressWasSet());
  }

  @Test
  void eachInvalidValueIsNamedWithWhatIsExpected() {
    assertInvalid("PGADDON_PORT_RANGE", "abc",
        "PGADDON_PORT_RANGE: expected FIRST-LAST with 1024 <= FIRST <= LAST <= 65535, got 'abc'");
    assertInvalid("PGADDON_PORT_RANGE", "60000-50000",
        "PGADDON_PORT_RANGE: expected FIRST-LAST with 1024 <= FIRST <= LAST <= 65535, got '60000-50000'");
    assertInvalid("PGADDON_PORT_RANGE", "80-90",
        "PGADDON_PORT_RANGE: expected FIRST-LAST with 1024 <= FIRST <= LAST <= 65535, got '80-90'");
    assertInvalid("PGADDON_HEARTBEAT_TIMEOUT_SECONDS", "2",
        "PGADDON_HEARTBEAT_TIMEOUT_SECONDS: expected a whole number of seconds from 3 to 2147483647, got '2'");
    assertInvalid("PGADDON_HEARTBEAT_TIMEOUT_SECONDS", "soon",
        "PGADDON_HEARTBEAT_TIMEOUT_SECONDS: expected a whole number of seconds from 3 to 2147483647, got 'soon'");
    assertInvalid("PGADDON_STATUS_REFRESH_SECONDS", "0",
        "PGADDON_STATUS_REFRESH_SECONDS: expected a whole number of seconds from 1 to 2147483647, got '0'");
    assertInvalid("PGADDON_BACKUP_SWEEP_SECONDS", "-5",
        "PGADDON_BACKUP_SWEEP_SECONDS: expected a whole number of seconds from 1 to 2147483647, got '-5'");
    assertInvalid("PGADDON_NETWORK_POOL", "10.213.0.0",
        "PGADDON_NETWORK_POOL: expected an IPv4 network A.B.C.D/N with 8 <= N <= 26 (e.g. 10.213.0.0/16), got '10.213.0.0'");
    assertInvalid("PGADDON_NETWORK_POOL", "300.1.0.0/16",
        "PGADDON_NETWORK_POOL: expected an IPv4 network A.B.C.D/N with 8 <= N <= 26 (e.g. 10.213.0.0/16), got '300.1.0.0/16'");
    assertInvalid("PGADDON_RESTART_HOOK_ALLOW_PRIVATE", "yes",
        "PGADDON_RESTART_HOOK_ALLOW_PRIVATE: expected true or false, got 'yes'");
    assertInvalid("TEMPORAL_ADDRESS", "temporal", "TEMPORAL_ADDRESS: expected HOST:PORT, got 'temporal'");
    assertInvalid("PGADDON_TEMPORAL_UI_URL", "ui.example", "PGADDON_TEMPORAL_UI_URL: expected an http(s) URL, got 'ui.example'");
    assertInvalid("PGADDON_API_PORT", "http", "PGADDON_API_PORT: expected a port from 0 to 65535, got 'http'");
    assertInvalid("PGADDON_CODEC_PORT", "70000", "PGADDON_CODEC_PORT: expected a port from 0 to 65535, got '70000'");
    assertInvalid("PGADDON_CODEC_KEY", "c2hvcnQ=",
        "PGADDON_CODEC_KEY: expected base64 of 32 bytes, got 5 bytes (the key is not shown)");
    assertInvalid("PGADDON_SECRETS_KEY", "not base64!",
        "PGADDON_SECRETS_KEY: expected base64 of 32 bytes, got something else (the key is not shown)");
    assertInvalid("TEMPORAL_TLS_CERT", "/c.pem",
        "TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together (mutual TLS): set both");
    assertInvalid("TEMPORAL_TLS_CA", "/no/such/ca.pem", "TEMPORAL_TLS_CA: expected a readable file, got '/no/such/ca.pem'");
  }

  @Test
  void everyInvalidSettingIsNamedInOneException() {
    var e = assertThrows(PlatformSettings.InvalidSettingsException.class, () -> PlatformSettings.from(
        Map.of("PGADDON_PORT_RANGE", "abc", "PGADDON_OWNER", "fine"), Map.of("pgaddon.heartbeat.timeout.seconds", "1")));

    assertEquals(List.of(
        "PGADDON_HEARTBEAT_TIMEOUT_SECONDS: expected a whole number of seconds from 3 to 2147483647, got '1'",
        "PGADDON_PORT_RANGE: expected FIRST-LAST with 1024 <= FIRST <= LAST <= 65535, got 'abc'"), e.problems());
    assertEquals("invalid settings:\n"
        + "  PGADDON_HEARTBEAT_TIMEOUT_SECONDS: expected a whole number of seconds from 3 to 2147483647, got '1'\n"
        + "  PGADDON_PORT_RANGE: expected FIRST-LAST with 1024 <= FIRST <= LAST <= 65535, got 'abc'", e.getMessage());
  }

  @Test
  void installedSettingsAreTheCurrentOnes() {
    PlatformSettings before = PlatformSettings.current();
    try {
      PlatformSettings mine = PlatformSettings.from(Map.of("PGADDON_TASK_QUEUE", "mine"), HOME);
      PlatformSettings.install(mine);
      assertEquals(mine, PlatformSettings.current());
      assertEquals("mine", dev.pgaddon.operation.WorkflowIds.taskQueue());
    } finally {
      PlatformSettings.install(before);
    }
  }

  private static void assertInvalid(String variable, String value, String message) {
    var e = assertThrows(PlatformSettings.InvalidSettingsException.class,
        () -> PlatformSettings.from(Map.of(variable, value), HOME), variable + "=" + value);
    assertEquals(List.of(message), e.problems());
  }
}
