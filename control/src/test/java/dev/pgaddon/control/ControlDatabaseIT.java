package dev.pgaddon.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The control database's records on the real PostgreSQL that the bootstrap starts, in a schema of its own. */
class ControlDatabaseIT {
  private static ControlDatabase db;

  @BeforeAll
  static void open() {
    db = ControlDatabase.open(ControlSettings.fromEnvironment().withSchema("it_control_" + UUID.randomUUID().toString().substring(0, 8)));
  }

  @AfterAll
  static void drop() {
    db.dropSchema();
    db.close();
  }

  @Test
  void aSecretIsSealedTheFirstWriterWinsAndAnotherKeyOrRowCannotOpenIt() throws Exception {
    SecretBox box = new SecretBox(new SecretKeySpec(new byte[32], "AES"));
    SecretVault vault = db.secrets(box);
    String first = vault.getOrCreate("ad-vault-1", "superuser", () -> "first-password");
    assertEquals("first-password", first);
    assertEquals("first-password", vault.getOrCreate("ad-vault-1", "superuser", () -> "second-password"), "the stored one wins");
    // Two workers creating the same secret at once agree on one value.
    var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    var answers = new java.util.ArrayList<java.util.concurrent.Future<String>>();
    for (int i = 0; i < 8; i++) {
      String candidate = "candidate-" + i;
      answers.add(pool.submit(() -> vault.getOrCreate("ad-vault-2", "replication", () -> candidate)));
    }
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (var answer : answers) {
      seen.add(answer.get());
    }
    pool.shutdown();
    assertEquals(1, seen.size(), "one value for everyone: " + seen);
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT sealed FROM addon_secrets WHERE addon_id = 'ad-vault-1'")) {
      assertTrue(rs.next());
      assertFalse(new String(rs.getBytes(1), java.nio.charset.StandardCharsets.ISO_8859_1).contains("first-password"),
          "never in clear text");
    }
    // Copied onto another name or addon, or read with another key, it does not open.
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO addon_secrets (addon_id, name, sealed)"
          + " SELECT 'ad-vault-3', name, sealed FROM addon_secrets WHERE addon_id = 'ad-vault-1'");
    }
    assertThrows(IllegalStateException.class, () -> vault.find("ad-vault-3", "superuser"));
    byte[] otherKey = new byte[32];
    otherKey[0] = 1;
    assertThrows(IllegalStateException.class,
        () -> db.secrets(new SecretBox(new SecretKeySpec(otherKey, "AES"))).find("ad-vault-1", "superuser"));
    vault.deleteAll("ad-vault-1");
    assertTrue(vault.find("ad-vault-1", "superuser").isEmpty());
    assertEquals("first-password", vault.getOrCreate("ad-vault-1", "superuser", () -> "first-password"));
  }

  @Test
  void workersReservingAtOnceNeverShareAPortAndANodeKeepsItsOwn() throws Exception {
    PortReservations ports = db.ports();
    var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    var answers = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
    for (int i = 0; i < 16; i++) {
      String addon = "ad-ports-" + i;
      answers.add(pool.submit(() -> ports.reserve(addon, "node1", 61000, 61099, p -> p != 61003)));
    }
    java.util.Set<Integer> taken = new java.util.HashSet<>();
    for (var answer : answers) {
      assertTrue(taken.add(answer.get()), "a port given twice: " + answer.get());
    }
    pool.shutdown();
    assertFalse(taken.contains(61003), "a port the caller refuses is skipped");
    int held = ports.reserve("ad-ports-0", "node1", 61000, 61099, p -> true);
    assertEquals(held, ports.reserve("ad-ports-0", "node1", 61000, 61099, p -> false), "a node asking again keeps its port");
    ports.adopt("ad-ports-x", "node1", 61050);
    assertEquals(61050, ports.of("ad-ports-x", "node1").orElseThrow());
    ports.releaseAll("ad-ports-x");
    assertTrue(ports.of("ad-ports-x", "node1").isEmpty());
    assertThrows(IllegalStateException.class, () -> ports.reserve("ad-ports-full", "node1", 61000, 61001, p -> true));
  }

  @Test
  void aTokenIsStoredAsItsHashOnlyReachesItsAppsAndStopsWorkingOnceRevoked() throws Exception {
    Tokens.NewToken token = db.tokens().create(List.of("app-one", "app-two"), false, "test");
    assertTrue(token.secret().startsWith("pga_") && token.secret().length() > 40);
    Tokens.TokenRecord record = db.tokens().authenticate(token.secret()).orElseThrow();
    assertTrue(record.reaches("app-one") && record.reaches("app-two"));
    assertFalse(record.reaches("app-three"));
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM api_tokens WHERE id = '" + record.id() + "'")) {
      assertTrue(rs.next());
      for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
        assertFalse(String.valueOf(rs.getString(i)).contains(token.secret().substring(4)), "the secret is never stored");
      }
      assertArrayEquals(Tokens.hash(token.secret()), rs.getBytes("token_hash"));
      assertNotNull(rs.getTimestamp("last_used_at"), "last use recorded");
    }
    assertTrue(db.tokens().authenticate(token.secret() + "x").isEmpty());
    assertTrue(db.tokens().authenticate("not-a-token").isEmpty());
    assertTrue(db.tokens().revoke(record.id()));
    assertFalse(db.tokens().revoke(record.id()), "revoked once");
    assertTrue(db.tokens().authenticate(token.secret()).isEmpty());
    assertThrows(IllegalArgumentException.class, () -> db.tokens().create(List.of(), false, "neither"));
    assertTrue(db.tokens().authenticate(db.tokens().create(List.of(), true, "admin").secret()).orElseThrow().reaches("any-app"));
  }

  @Test
  void anOperationClosesOnceAndTheTrailIsNewestFirst() {
    db.apps().ensure("trail-app");
    for (int i = 0; i < 3; i++) {
      db.operations().create(new OperationRecord("op-" + i, "ad-x", "trail-app", "change-plan", "addon-ad-x", "run-" + i,
          "tok-1", "{\"plan_id\":\"p\"}", OperationRecord.RUNNING, null, null, null, null, null, null));
    }
    assertEquals("op-2", db.operations().running("ad-x").orElseThrow().id());
    assertTrue(db.operations().close("run-2", "failed", "operation_failed", "boom", "[]", null));
    assertFalse(db.operations().close("run-2", "succeeded", null, null, null, "{}"), "a retried record changes nothing");
    OperationRecord closed = db.operations().find("op-2").orElseThrow();
    assertEquals("failed", closed.status());
    assertEquals("boom", closed.errorMessage());
    assertNotNull(closed.closedAt());
    assertEquals(List.of("op-2", "op-1", "op-0"), db.operations().ofApp("trail-app", null, 10, 0).stream().map(OperationRecord::id).toList());
    assertEquals(List.of("op-1"), db.operations().ofApp("trail-app", "ad-x", 1, 1).stream().map(OperationRecord::id).toList());
    assertEquals(3, db.operations().countOfApp("trail-app", null));
  }

  @Test
  void retentionWaitsWhileARestoreReadsTheAddonsBackups() {
    db.apps().ensure("restore-app");
    assertFalse(db.backups().restoring("ad-source"));
    db.operations().create(new OperationRecord("op-copy", "ad-copy", "restore-app", "pitr-restore", "addon-ad-copy",
        "run-copy", "tok-1", "{\"addon_id\":\"ad-copy\",\"source_addon_id\":\"ad-source\"}", OperationRecord.RUNNING,
        null, null, null, null, null, null));
    assertTrue(db.backups().restoring("ad-source"), "a new addon is being made from its backups");
    assertTrue(db.backups().restoring("ad-copy"));
    assertFalse(db.backups().restoring("ad-other"));
    assertTrue(db.operations().close("run-copy", "succeeded", null, null, "[]", "{}"));
    assertFalse(db.backups().restoring("ad-source"));
  }

  @Test
  void versionsAreOfferedInVersionOrderAndAnObservationKeepsTheUrlItDoesNotCarry() {
    db.versions().report(List.of("17.12", "9.6", "15.20", "15.18", "10.1"));
    assertEquals(List.of("9.6", "10.1", "15.18", "15.20", "17.12"), db.versions().offered());

    db.apps().ensure("obs-app");
    db.addons().create("ad-obs", "obs-app", "postgresql-sandbox", "17.12", "provisioning", null);
    SecretBox box = new SecretBox(new SecretKeySpec(new byte[32], "AES"));
    db.addons().observe("ad-obs", new AddonRecord.Observation("postgresql-sandbox", "17.12", "running", "[]", 6432, "db",
        box.seal("ad-obs", "postgres://u:p@127.0.0.1:6432/db"), null, null, null));
    db.addons().observe("ad-obs", new AddonRecord.Observation(null, null, "stopped", "[]", null, null, null, null, null, null));
    AddonRecord a = db.addons().find("obs-app", "ad-obs").orElseThrow();
    assertEquals("stopped", a.status());
    assertEquals(6432, a.endpointPort());
    assertEquals("postgres://u:p@127.0.0.1:6432/db", box.open("ad-obs", a.connectionUrlEnc()));
    assertThrows(IllegalStateException.class, () -> box.open("ad-other", a.connectionUrlEnc()), "bound to its addon");
    assertTrue(db.addons().find("other-app", "ad-obs").isEmpty(), "only through its own app");
    db.addons().markRemoved("ad-obs");
    assertTrue(db.addons().find("obs-app", "ad-obs").isEmpty());
    assertEquals("removed", db.addons().find("ad-obs").orElseThrow().status());
  }

  @Test
  void aHostileSchemaNameIsRefusedBeforeAnyStatement() {
    assertThrows(IllegalArgumentException.class, () -> ControlSettings.fromEnvironment().withSchema("x\"; DROP TABLE apps; --"));
  }
}
