package dev.pgaddon.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgaddon.backup.BackupRepository;
import dev.pgaddon.operation.WorkflowIds;
import dev.pgaddon.probe.WriteProbe;
import dev.pgaddon.worker.PeriodicBackupsSchedule;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Backups and point-in-time recovery on long-lived addons: rows are written with their commit
 * times, operations (a switchover, a failover, a major upgrade) happen between them, and restores
 * to times between two rows must bring back exactly the rows before.
 */
@WithStack
class PitrIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @WithStack.Inject private static Harness harness;

  @Test
  void aBusinessAddonIsRestoredAcrossASwitchoverAndAFailoverInPlaceAndIntoANewAddon() throws Exception {
    String app = "it-pitr-" + harness.owner.substring(3);
    Harness.Added added = harness.addAddon(app, "postgresql-business-512", "15.20");
    String id = added.id();
    harness.awaitWatched(id, true);
    try (Connection c = Harness.connect(added.url()); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE marks (n int PRIMARY KEY)");
    }
    createBackup(app, id);
    List<Instant> after = new ArrayList<>();
    mark(added.url(), 1, after);
    mark(added.url(), 2, after);

    // A switchover (plan change) under a writing client, then more rows.
    WriteProbe probe = WriteProbe.start(added.url(), 10);
    Harness.Run change = harness.cli("--app", app, "addons-upgrade", id, "postgresql-business-1024", "--wait");
    assertEquals(0, change.exitCode(), change.all());
    mark(added.url(), 3, after);
    mark(added.url(), 4, after);

    // A failover: the primary is killed.
    harness.docker.killContainerCmd(harness.nodeAnswering(id, true).getId()).exec();
    var failover = harness.awaitOperation(app, id, "failover", 0);
    assertEquals("succeeded", failover.status(), failover.toString());
    awaitOperationsEnd(app, id);
    mark(added.url(), 5, after);
    // A second switchover: the primary is node2 now (the restore rebuilds the follower on the other node).
    change = harness.cli("--app", app, "addons-upgrade", id, "postgresql-business-512", "--wait");
    assertEquals(0, change.exitCode(), change.all());
    mark(added.url(), 6, after);
    WriteProbe.Report report = probe.stop();
    assertEquals(0, report.missingAfterwards(), report.toString());
    assertEquals("node2", harness.nodeAnswering(id, true).getLabels().get(dev.pgaddon.docker.Labels.NODE));

    // A business addon's backup, downloaded, starts and takes writes alone (no follower to wait for).
    Path tar = Files.createTempDirectory("pgaddon-download").resolve("backup.tar");
    try {
      createBackup(app, id);
      Harness.Run download = harness.cli("--app", app, "--addon", id, "backups-download", "-o", tar.toString());
      assertEquals(0, download.exitCode(), download.all());
      assertEquals("1 2 3 4 5 6", PlainRestore.rowsOf(harness, tar, "15.20", Harness.find(
          java.util.regex.Pattern.compile("/([a-z0-9_]+)$"), added.url()), "marks"));
    } finally {
      Files.deleteIfExists(tar);
      Files.deleteIfExists(tar.getParent());
    }

    // In place, to between rows 5 and 6: after two switchovers and a failover.
    restore(app, id, after.get(4).toString(), false);
    assertEquals(List.of(1, 2, 3, 4, 5), marks(added.url()), "rows committed before the target, and only those");
    assertEquals("sync", harness.awaitSync(id), "the follower is rebuilt and streams synchronously");
    assertEquals("running", addonStatus(app, id));
    harness.recordHistory(WorkflowIds.forAddon(id), "pitr-restore-business.json");
    mark(added.url(), 7, after); // it takes writes again, through the same URL

    // Into a new addon, to between rows 2 and 3 (before the switchover): the original is untouched.
    String newId = restore(app, id, after.get(1).toString(), true);
    String copyUrl = connectionUrl(app, newId);
    assertEquals(List.of(1, 2), marks(copyUrl));
    assertEquals(List.of(1, 2, 3, 4, 5, 7), marks(added.url()), "the original keeps its rows");
    mark(added.url(), 8, after);
    mark(copyUrl, 100, new ArrayList<>());
    assertEquals(List.of(1, 2, 100), marks(copyUrl), "the copy takes writes of its own");
    assertTrue(marks(added.url()).contains(8) && !marks(added.url()).contains(100));
    harness.recordHistory(WorkflowIds.forAddon(newId), "pitr-restore-new-addon.json");
  }

  @Test
  void aStarterAddonsBackupsRetentionDownloadAndEpochs() throws Exception {
    String app = "it-backups-" + harness.owner.substring(3);
    Harness.Added added = harness.addAddon(app, "postgresql-starter-512", "15.20");
    String id = added.id();
    assertTrue(harness.control.backups().repositoryPrepared(id), "prepared once, at provisioning, for every worker");
    try (Connection c = Harness.connect(added.url()); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE marks (n int PRIMARY KEY)");
    }
    List<Instant> after = new ArrayList<>();
    mark(added.url(), 1, after);
    JsonNode b1 = createBackup(app, id);
    mark(added.url(), 2, after);
    JsonNode b2 = createBackup(app, id);
    Instant afterB2 = databaseNow(added.url());
    Thread.sleep(1100);
    mark(added.url(), 3, after);
    JsonNode b3 = createBackup(app, id);
    assertEquals("manual", b3.get("method").asText());
    Harness.Run list = harness.cli("--app", app, "--addon", id, "backups");
    assertTrue(list.out().contains(b3.get("id").asText()) && list.out().contains("manual") && list.out().contains("MiB"),
        list.out());
    harness.recordHistory(WorkflowIds.backupOf(id), "backup-addon.json");

    // Bad input: one clear line, nothing started.
    int operations = harness.operationsOf(app, id).size();
    assertRefused(app, id, "2026-13-45", "not an RFC 3339 time");
    assertRefused(app, id, Instant.now().plusSeconds(3600).toString(), "in the future");
    assertRefused(app, id, "2001-01-01T00:00:00Z", "outside the recovery window");
    assertEquals(404, api("GET", path(app, id) + "/backups/bk-unknown/archive", null).status());
    Harness.Run future = harness.cli("--app", app, "--addon", id, "database-pitr-restore",
        Instant.now().plusSeconds(3600).toString(), "--yes");
    assertEquals(2, future.exitCode(), future.all());
    assertEquals(1, future.err().strip().lines().count(), "one line: " + future.err());
    assertTrue(future.err().contains("in the future"), future.err());
    Harness.Run unknown = harness.cli("--app", app, "--addon", id, "backups-download", "--backup", "bk-unknown", "-o", "-");
    assertTrue(unknown.exitCode() != 0 && unknown.err().contains("no backup 'bk-unknown'"), unknown.all());
    assertEquals(operations, harness.operationsOf(app, id).size(), "nothing was started");
    assertEquals(3, backups(app, id).size());

    // Archiving that fails (the repository refuses writes) is reported, then recovers with nothing lost.
    assertEquals("ok", awaitArchiving(app, id, "ok"));
    Path archive = onlyEpoch(id).resolve("wal");
    Files.setPosixFilePermissions(archive, java.nio.file.attribute.PosixFilePermissions.fromString("r-x------"));
    try {
      switchWal(id, added.url());
      assertTrue(awaitArchiving(app, id, "node1: failing").startsWith("node1: failing since"));
      Harness.Run warned = harness.cli("--app", app, "--addon", id, "database-pitr-recovery-window");
      assertTrue(warned.out().contains("WAL archiving is not working"), warned.out());
    } finally {
      Files.setPosixFilePermissions(archive, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }
    switchWal(id, added.url());
    assertEquals("ok", awaitArchiving(app, id, "ok"), "PostgreSQL kept the segment and archived it once it could");

    // The downloaded backup starts with plain tools: tar, then postgres on the directory.
    Path tar = Files.createTempDirectory("pgaddon-download").resolve("backup.tar");
    try {
      Harness.Run download = harness.cli("--app", app, "--addon", id, "backups-download", "-o", tar.toString());
      assertEquals(0, download.exitCode(), download.all());
      assertTrue(download.all().contains(b3.get("id").asText()), "the newest finished backup: " + download.all());
      assertEquals("1 2 3", PlainRestore.rowsOf(harness, tar, "15.20", Harness.find(
          java.util.regex.Pattern.compile("/([a-z0-9_]+)$"), added.url()), "marks"));
    } finally {
      Files.deleteIfExists(tar);
      Files.deleteIfExists(tar.getParent());
    }

    // Retention: b1 and b2 are made older than one day; b1 goes with the WAL only it needed, b2 stays
    // (the window's first day starts there).
    try (Connection c = harness.control.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("UPDATE backups SET created_at = created_at - interval '3 days' WHERE id = '" + b1.get("id").asText() + "'");
      s.execute("UPDATE backups SET created_at = created_at - interval '2 days' WHERE id = '" + b2.get("id").asText() + "'");
    }
    assertEquals(200, api("PUT", path(app, id) + "/backup_schedule",
        "{\"backup_schedule\":{\"retention_days\":1,\"scheduled_at\":5}}").status());
    createBackup(app, id);
    List<String> ids = backups(app, id).stream().map(b -> b.get("id").asText()).toList();
    assertFalse(ids.contains(b1.get("id").asText()), "b1 deleted: " + ids);
    assertTrue(ids.contains(b2.get("id").asText()) && ids.contains(b3.get("id").asText()), ids.toString());
    Path epoch = onlyEpoch(id);
    assertFalse(Files.exists(epoch.resolve("base").resolve(b1.get("id").asText())), "b1's files are gone");
    assertTrue(Files.exists(epoch.resolve("base").resolve(b2.get("id").asText()).resolve("base.tar")));
    String b2Start = startWal(b2.get("id").asText());
    try (Stream<Path> wal = Files.list(epoch.resolve("wal"))) {
      List<String> segments = wal.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9A-F]{24}")).sorted().toList();
      assertFalse(segments.isEmpty());
      assertTrue(segments.stream().allMatch(n -> n.substring(8).compareTo(b2Start.substring(8)) >= 0),
          "no segment before " + b2Start + " is left: " + segments);
      assertTrue(segments.contains(b2Start), "b2's first segment is kept: " + segments);
    }
    // What b2 needs is all there: a restore from it, to between rows 2 and 3.
    restore(app, id, afterB2.toString(), false);
    assertEquals(List.of(1, 2), marks(added.url()));
    mark(added.url(), 4, after);

    // A major upgrade starts a new epoch: before it, only a new addon on the old major.
    Instant beforeUpgrade = after.get(after.size() - 1);
    Harness.Run upgrade = harness.cli("--app", app, "--addon", id, "database-upgrade", "--to", "17.12", "--wait");
    assertEquals(0, upgrade.exitCode(), upgrade.all());
    assertTrue(backups(app, id).stream().anyMatch(b -> b.get("method").asText().equals("major-upgrade")
        && b.get("version").asText().equals("17.12")), "the upgrade's backup is listed");
    assertRefused(app, id, beforeUpgrade.toString(), "before the upgrade to PostgreSQL 17");
    JsonNode window = api("GET", path(app, id) + "/database/pitr", null).body();
    assertEquals(2, window.at("/pitr/epochs").size(), window.toString());
    Harness.Run windowCli = harness.cli("--app", app, "--addon", id, "database-pitr-recovery-window");
    assertTrue(windowCli.out().contains("Before the upgrade to PostgreSQL 17") && windowCli.out().contains("--new-addon"),
        windowCli.out());
    String newId = restore(app, id, beforeUpgrade.toString(), true);
    assertEquals(List.of(1, 2, 4), marks(connectionUrl(app, newId)));
    JsonNode copied = api("GET", "/v1/apps/" + app + "/addons/" + newId, null).body();
    assertEquals("15.20", copied.at("/addon/version").asText(), copied.toString());
    assertEquals(List.of(1, 2, 4), marks(added.url()), "the upgraded original is untouched");

    // The daily backup: scheduled at this hour, with no backup in the last 20 hours, the sweep starts it.
    int hour = Instant.now().atOffset(java.time.ZoneOffset.UTC).getHour();
    assertEquals(200, api("PUT", path(app, id) + "/backup_schedule",
        "{\"backup_schedule\":{\"scheduled_at\":" + hour + "}}").status());
    try (Connection c = harness.control.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("UPDATE backups SET created_at = created_at - interval '21 hours' WHERE addon_id = '" + id + "'");
    }
    var sweep = PeriodicBackupsSchedule.ensure(harness.client, WorkflowIds.taskQueue(), java.time.Duration.ofHours(1));
    try {
      JsonNode periodic = null;
      for (int i = 0; i < 120 && periodic == null; i++) {
        Thread.sleep(1000);
        periodic = backups(app, id).stream().filter(b -> b.get("method").asText().equals("periodic")
            && b.get("status").asText().equals("done")).findFirst().orElse(null);
      }
      assertTrue(periodic != null, "a periodic backup: " + backups(app, id));
      awaitBackupWorkflowEnd(id);
      harness.recordScheduledHistory("PeriodicBackups", "periodic-backups.json");
    } finally {
      sweep.delete();
    }
  }

  // ----- helpers -----

  private record Answer(int status, JsonNode body) {}

  private static String path(String app, String id) {
    return "/v1/apps/" + app + "/addons/" + id;
  }

  private static HttpRequest request(String method, String path, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(harness.apiUrl + path))
        .header("Authorization", "Bearer " + harness.adminToken);
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private static Answer api(String method, String path, String body) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(request(method, path, body),
        HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body()));
  }

  private static List<JsonNode> backups(String app, String id) throws Exception {
    List<JsonNode> list = new ArrayList<>();
    api("GET", path(app, id) + "/backups", null).body().get("backups").forEach(list::add);
    return list;
  }

  /** A manual backup through the CLI, which waits until it is done. */
  private static JsonNode createBackup(String app, String id) throws Exception {
    Harness.Run run = harness.cli("--app", app, "--addon", id, "backups-create");
    assertEquals(0, run.exitCode(), run.all());
    String backupId = Harness.find(java.util.regex.Pattern.compile("(bk-[0-9a-f-]{36})"), run.out());
    JsonNode backup = backups(app, id).stream().filter(b -> b.get("id").asText().equals(backupId)).findFirst().orElseThrow();
    assertEquals("done", backup.get("status").asText(), backup.toString());
    awaitBackupWorkflowEnd(id);
    return backup;
  }

  /** The backup's workflow applies retention after the backup is recorded: waits for all of it. */
  private static void awaitBackupWorkflowEnd(String id) throws Exception {
    harness.client.newUntypedWorkflowStub(WorkflowIds.backupOf(id)).getResult(300, java.util.concurrent.TimeUnit.SECONDS,
        JsonNode.class);
  }

  /** database-pitr-restore through the CLI, which follows the operation; the restored addon's id. */
  private static String restore(String app, String id, String target, boolean newAddon) {
    Harness.Run run = harness.cli("--app", app, "--addon", id, "database-pitr-restore", target,
        newAddon ? "--new-addon" : "--yes");
    assertEquals(0, run.exitCode(), run.all());
    assertTrue(run.out().contains("has been restored to"), run.out());
    return newAddon ? Harness.find(java.util.regex.Pattern.compile("New addon: (ad-[0-9a-f-]+)"), run.out()) : id;
  }

  private static void assertRefused(String app, String id, String target, String says) throws Exception {
    Answer a = api("POST", path(app, id) + "/database/pitr/restore",
        "{\"restore\":{\"target_time\":\"" + target + "\"}}");
    assertEquals(422, a.status(), a.body().toString());
    String message = a.body().at("/error/message").asText();
    assertTrue(message.contains(says) && !message.contains("\n"), message);
  }

  /** Inserts row n, then notes the database's clock once it is committed (a target after it, before the next). */
  private static void mark(String url, int n, List<Instant> after) throws Exception {
    try (Connection c = Harness.connect(url); Statement s = c.createStatement()) {
      s.execute("INSERT INTO marks VALUES (" + n + ")");
      try (ResultSet rs = s.executeQuery("SELECT clock_timestamp()")) {
        rs.next();
        after.add(rs.getTimestamp(1).toInstant());
      }
    }
    Thread.sleep(1100);
  }

  private static Instant databaseNow(String url) throws Exception {
    try (Connection c = Harness.connect(url); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT clock_timestamp()")) {
      rs.next();
      return rs.getTimestamp(1).toInstant();
    }
  }

  /** A write, then a WAL switch: a segment for the archiver. */
  private static void switchWal(String id, String url) throws Exception {
    try (Connection c = Harness.connect(url); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS archiving_probe (at timestamptz DEFAULT clock_timestamp())");
      s.execute("INSERT INTO archiving_probe DEFAULT VALUES");
    }
    int port = Integer.parseInt(harness.nodeAnswering(id, true).getLabels().get(dev.pgaddon.docker.Labels.PORT));
    try (Connection c = Harness.superuser(id, port); Statement s = c.createStatement()) {
      s.execute("SELECT pg_switch_wal()");
    }
  }

  /** The archiving state the status refresh recorded, once it starts with {@code expected} (or after a minute). */
  private static String awaitArchiving(String app, String id, String expected) throws Exception {
    String state = "";
    for (int i = 0; i < 60 && !state.startsWith(expected); i++) {
      state = api("GET", path(app, id) + "/database/pitr", null).body().at("/pitr/archiving").asText();
      Thread.sleep(1000);
    }
    return state;
  }

  private static List<Integer> marks(String url) throws Exception {
    List<Integer> rows = new ArrayList<>();
    try (Connection c = Harness.connect(url); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT n FROM marks ORDER BY n")) {
      while (rs.next()) {
        rows.add(rs.getInt(1));
      }
    }
    return rows;
  }

  private static String connectionUrl(String app, String id) throws Exception {
    return api("GET", path(app, id) + "/connection", null).body().at("/connection/url").asText();
  }

  private static String addonStatus(String app, String id) throws Exception {
    String status = "";
    for (int i = 0; i < 30 && !status.equals("running"); i++) {
      status = api("GET", path(app, id), null).body().at("/addon/status").asText();
      Thread.sleep(1000);
    }
    return status;
  }

  private static void awaitOperationsEnd(String app, String id) throws Exception {
    for (int i = 0; i < 300 && harness.operationsOf(app, id).stream().anyMatch(o -> o.running()); i++) {
      Thread.sleep(1000);
    }
  }


  private static Path onlyEpoch(String id) throws Exception {
    try (Stream<Path> epochs = Files.list(BackupRepository.fromEnvironment().addonDirectory(id))) {
      List<Path> all = epochs.filter(p -> p.getFileName().toString().startsWith("epoch-")).toList();
      assertEquals(1, all.size(), all.toString());
      return all.get(0);
    }
  }

  private static String startWal(String backupId) throws Exception {
    try (Connection c = harness.control.dataSource().getConnection(); Statement s = c.createStatement()) {
      return Harness.one(s, "SELECT start_wal FROM backups WHERE id = '" + backupId + "'");
    }
  }
}
