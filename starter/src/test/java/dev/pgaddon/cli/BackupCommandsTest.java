package dev.pgaddon.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static dev.pgaddon.cli.FakeApi.operation;
import static dev.pgaddon.cli.FakeApi.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackupCommandsTest {
  private static final String ID = "ad-871546ad-943a-4929-9770-ec7c839d65f5";
  private static final String ADDON = "/v1/apps/my-app/addons/" + ID;
  private static final String RUNNING = backup("bk-2", "running", "null", "manual");
  /** With its store copy's size and verification; RUNNING is as an API before them sends it (neither field). */
  private static final String DONE = backup("bk-1", "done", "12897484", "major-upgrade").replace("\"error\":null",
      "\"error\":null,\"stored_size\":1363148,\"verification\":\"ok: verified in the object store at 2026-11-29T03:00:09Z\"");
  private FakeApi api;

  @BeforeEach
  void start() throws Exception {
    api = new FakeApi();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private static String backup(String id, String status, String size, String method) {
    return "{\"id\":\"" + id + "\",\"created_at\":\"2026-11-29T03:00:00Z\",\"finished_at\":null,\"size\":" + size
        + ",\"status\":\"" + status + "\",\"method\":\"" + method + "\",\"version\":\"17.12\",\"error\":null}";
  }

  @Test
  void sizesAreHumanReadable() {
    assertEquals("-", Backups.size((Long) null));
    assertEquals("512 B", Backups.size(512L));
    assertEquals("12.3 MiB", Backups.size(12897484L));
    assertEquals("2.0 GiB", Backups.size(2L << 30));
  }

  @Test
  void backupsListsNewestFirstWithTheMethodInWords() {
    api.on("GET", ADDON + "/backups", 200, "{\"backups\":[" + RUNNING + "," + DONE + "]}");

    FakeApi.Run run = api.cli("--app", "my-app", "--addon", ID, "backups");

    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("| bk-2 | 2026-11-29 03:00:00 UTC | -        | -       | running | manual              | -        |"),
        run.out());
    assertTrue(run.out().contains("| bk-1 | 2026-11-29 03:00:00 UTC | 12.3 MiB | 1.3 MiB | done    | after major upgrade | ok       |"),
        run.out());
  }

  @Test
  void backupsCreateWaitsUntilTheBackupHasFailed() {
    api.on("POST", ADDON + "/backups", 202, "{\"backup\":" + RUNNING + "}");
    api.on("GET", ADDON + "/backups", 200, "{\"backups\":[" + RUNNING.replace("running", "failed")
        .replace("\"error\":null", "\"error\":\"pg_basebackup: disk full\"") + "]}");

    FakeApi.Run run = api.cli("--app", "my-app", "--addon", ID, "backups-create");

    assertEquals(1, run.code());
    assertEquals("-----> Backup bk-2 of addon " + ID + " started\n       [failed ] bk-2\n", run.out());
    assertEquals(" !     backup bk-2 failed: pg_basebackup: disk full", run.err().stripTrailing());
  }

  @Test
  void backupsDownloadWritesTheNewestFinishedBackupAndNeverOverwrites(@TempDir Path dir) throws Exception {
    api.on("GET", ADDON + "/backups", 200, "{\"backups\":[" + RUNNING + "," + DONE + "]}");
    api.on("GET", ADDON + "/backups/bk-1/archive", 200, "tar bytes");
    Path file = dir.resolve("backup.tar");

    FakeApi.Run run = api.cli("--app", "my-app", "--addon", ID, "backups-download", "-o", file.toString());
    FakeApi.Run again = api.cli("--app", "my-app", "--addon", ID, "backups-download", "-o", file.toString());

    assertEquals(0, run.code(), run.err());
    assertEquals("tar bytes", Files.readString(file));
    assertFalse(Files.exists(dir.resolve("backup.tar.part")));
    assertTrue(run.out().endsWith(" written to " + file + " (9 bytes, 9 B)\n"), run.out());
    assertEquals(2, again.code());
    assertTrue(again.err().contains("exists already"), again.err());
  }

  @Test
  void backupsConfigSendsOnlyWhatIsGiven() {
    api.on("PUT", ADDON + "/backup_schedule", 200, "{\"backup_schedule\":{\"scheduled_at\":3,\"retention_days\":7}}");

    FakeApi.Run run = api.cli("--app", "my-app", "--addon", ID, "backups-config", "--retention-days", "7");

    assertEquals(0, run.code(), run.err());
    assertEquals("Daily backup at 03:00 UTC, kept 7 days\n", run.out());
    assertEquals("{\"backup_schedule\":{\"retention_days\":7}}", api.requests.get(0).body());
  }

  @Test
  void theRecoveryWindowNamesTheOlderEpochs() {
    api.on("GET", ADDON + "/database/pitr", 200, "{\"pitr\":{\"addon_id\":\"" + ID + "\",\"recovery_window\":"
        + "{\"earliest\":\"2026-11-28T03:05:00Z\",\"latest\":\"2026-11-29T10:00:00Z\"},\"epochs\":["
        + "{\"major\":15,\"earliest\":\"2026-11-20T03:05:00Z\",\"latest\":\"2026-11-28T02:00:00Z\",\"current\":false},"
        + "{\"major\":17,\"earliest\":\"2026-11-28T03:05:00Z\",\"latest\":\"2026-11-29T10:00:00Z\",\"current\":true}]}}");

    FakeApi.Run run = api.cli("--app", "my-app", "--addon", ID, "database-pitr-recovery-window");

    assertEquals(0, run.code(), run.err());
    assertEquals(String.join("\n", "Earliest recoverable time: 2026-11-28T03:05:00Z",
        "Latest recoverable time: 2026-11-29T10:00:00Z",
        "Before the upgrade to PostgreSQL 17: PostgreSQL 15 from 2026-11-20T03:05:00Z to 2026-11-28T02:00:00Z,"
            + " restorable into a new addon with --new-addon", ""), run.out());
  }

  @Test
  void anInPlaceRestoreWithoutATerminalNeedsYes() {
    FakeApi.Run run = api.cli("--app", "my-app", "--addon", ID, "database-pitr-restore", "2026-11-29T10:15:00Z");

    assertEquals(2, run.code());
    assertTrue(run.err().contains("irreversibly: add --yes to confirm"), run.err());
    assertTrue(api.requests.isEmpty());
  }

  @Test
  void aRefusedRestoreIsTheApiLineAlone() {
    String refusal = "2026-11-01T00:00:00Z is outside the recovery window of addon " + ID
        + ": PostgreSQL 17 from 2026-11-28T03:05:00Z to now";
    api.on("POST", ADDON + "/database/pitr/restore", 422, "{\"error\":{\"code\":\"refused\",\"message\":\"" + refusal + "\"}}");

    FakeApi.Run run = api.cli("--app", "my-app", "--addon", ID, "database-pitr-restore", "2026-11-01T00:00:00Z", "--yes");

    assertEquals(2, run.code());
    assertEquals("", run.out());
    assertEquals(" !     " + refusal + "\n", run.err().replace(System.lineSeparator(), "\n"));
    assertEquals("{\"restore\":{\"target_time\":\"2026-11-01T00:00:00Z\",\"new_addon\":false}}", api.requests.get(0).body());
  }

  @Test
  void aRestoreIntoANewAddonNamesItThenFollowsTheSteps() {
    String created = "ad-0b90f35e-ba9c-456d-aeeb-873bd64e6927";
    api.on("POST", ADDON + "/database/pitr/restore", new FakeApi.Answer(202, "{\"operation\":{\"id\":\"op-1\","
        + "\"status\":\"running\"},\"source_addon_id\":\"" + ID + "\",\"addon_id\":\"" + created + "\"}", "/v1/operations/op-1"));
    api.on("GET", "/v1/operations/op-1", 200, operation("succeeded", step("Restore the data directory", "done", "timeline 2"),
        "null", "{\"addonId\":\"" + created + "\",\"targetTime\":\"2026-11-29T10:15:00Z\",\"backupId\":\"bk-1\","
            + "\"timeline\":\"2\",\"newBackupId\":\"bk-3\",\"version\":\"17.12\",\"url\":null}"));

    FakeApi.Run run = api.cli("--app", "my-app", "--addon", ID, "database-pitr-restore", "2026-11-29T10:15:00Z",
        "--new-addon");

    assertEquals(0, run.code(), run.err());
    assertEquals(String.join("\n",
        "-----> Restoring addon " + ID + " as it was at 2026-11-29T10:15:00Z into new addon " + created,
        "       [done   ] Restore the data directory: timeline 2",
        "-----> Addon " + created + " has been restored to 2026-11-29T10:15:00Z from addon " + ID,
        "       Base backup: bk-1, PostgreSQL 17.12, timeline 2",
        "       New base backup: bk-3",
        "       New addon: " + created,
        "       Show its connection URL (it contains the password) with: pgaddon --app my-app addons-info " + created
            + " --show-url", ""), run.out());
  }
}
