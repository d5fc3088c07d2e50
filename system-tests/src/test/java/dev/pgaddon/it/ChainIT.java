package dev.pgaddon.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgaddon.docker.Labels;
import dev.pgaddon.probe.WriteProbe;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * One long-lived business addon taken through a chain of operations, as users run them for years,
 * with a client writing through the endpoint the whole time: every switchover must leave a pair
 * that streams, and the last count must hold every acknowledged row. On both majors.
 */
@WithStack
class ChainIT {
  @WithStack.Inject private static Harness harness;

  @Test
  void onPostgresql15APlanChangeAMinorUpgradeAndTwoMorePlanChangesLoseNothing() throws Exception {
    chain("15.18", List.of(
        List.of("addons-upgrade", "{id}", "postgresql-business-1024", "--wait"),
        List.of("--addon", "{id}", "database-upgrade", "--to", "15.20", "--wait"),
        List.of("addons-upgrade", "{id}", "postgresql-business-2048", "--wait"),
        List.of("addons-upgrade", "{id}", "postgresql-business-1024", "--wait")), "15.20");
  }

  @Test
  void onPostgresql17ThreePlanChangesLoseNothing() throws Exception {
    chain("17.12", List.of(
        List.of("addons-upgrade", "{id}", "postgresql-business-1024", "--wait"),
        List.of("addons-upgrade", "{id}", "postgresql-business-2048", "--wait"),
        List.of("addons-upgrade", "{id}", "postgresql-business-1024", "--wait")), "17.12");
  }

  private void chain(String version, List<List<String>> operations, String finalVersion) throws Exception {
    String app = "it-chain-" + version.replace('.', '-') + "-" + harness.owner.substring(3);
    Harness.Added added = harness.addAddon(app, "postgresql-business-512", version);
    String id = added.id();
    String url = added.url();
    // Enough data that a checkpoint right after a promotion takes a while: the window pg_rewind must not fall into.
    try (Connection c = Harness.connect(url); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE ballast (id bigserial PRIMARY KEY, pad text)");
      s.execute("INSERT INTO ballast (pad) SELECT repeat(md5(g::text), 3) FROM generate_series(1, 600000) g");
    }
    // The watchdog looks on all along: a planned stop must never look like a failure to it.
    harness.awaitWatched(id, true);
    // The one base backup the restore at the end replays from: all the chain's WAL must be in the archive.
    Harness.Run backup = harness.cli("--app", app, "--addon", id, "backups-create");
    assertEquals(0, backup.exitCode(), backup.all());
    List<String> outputs = new ArrayList<>();
    WriteProbe probe = WriteProbe.start(url, 10);
    Churn churn = new Churn(url);
    try {
      for (List<String> operation : operations) {
        List<String> args = new ArrayList<>(List.of("--app", app));
        operation.forEach(a -> args.add(a.replace("{id}", id)));
        Harness.Run run = harness.cli(args.toArray(String[]::new));
        outputs.add(run.all());
        assertEquals(0, run.exitCode(), String.join("\n", outputs));
        // Each switchover's old primary comes back by pg_rewind: a rebuild would mean the rewind went wrong.
        assertTrue(run.out().contains("Old primary rejoins as follower with the new plan or version: pg_rewind\n"),
            String.join("\n", outputs));
        assertPairStreams(id, String.join("\n", outputs));
      }
    } finally {
      churn.close();
      Thread.sleep(500);
      WriteProbe.Report report = probe.stop();
      assertEquals(0, report.failed(), report.toString());
      assertEquals(0, report.missingAfterwards(), report.toString());
      assertTrue(report.committed() > 100, report.toString());
    }
    assertEquals(0, harness.watchdogActions(id), "the watchdog stayed out of the way, not even trying to act");
    assertEquals("sync", harness.syncState(id), "commits wait for the follower again");
    Harness.Run addons = harness.cli("--app", app, "addons");
    assertTrue(Pattern.compile(id + " \\| postgresql-business-1024 \\| " + Pattern.quote(finalVersion) + " +\\| running")
        .matcher(addons.out()).find(), addons.out());
    restoreAfterTheChain(app, id, url);
  }

  /**
   * Into a new addon, to just after the chain: the backup from before it plus the WAL of every
   * switchover (each on its own timeline) give every row the client had written, and nothing after.
   */
  private static void restoreAfterTheChain(String app, String id, String url) throws Exception {
    String target;
    String written;
    try (Connection c = Harness.connect(url); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE chain_end (what text)");
      s.execute("INSERT INTO chain_end VALUES ('before')");
      target = Harness.one(s, "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')");
      written = Harness.one(s, "SELECT count(*) || ' ' || max(id) FROM probe_writes");
      Thread.sleep(1100);
      s.execute("INSERT INTO chain_end VALUES ('after')");
    }
    Harness.Run restore = harness.cli("--app", app, "--addon", id, "database-pitr-restore", target, "--new-addon");
    assertEquals(0, restore.exitCode(), restore.all());
    String copy = Harness.find(Pattern.compile("New addon: (ad-[0-9a-f-]+)"), restore.out());
    String copyUrl = Harness.find(Harness.URL_LINE, harness.cli("--app", app, "addons-info", copy, "--show-url").out());
    try (Connection c = Harness.connect(copyUrl); Statement s = c.createStatement()) {
      assertEquals("before", Harness.one(s, "SELECT string_agg(what, ',') FROM chain_end"));
      assertEquals(written, Harness.one(s, "SELECT count(*) || ' ' || max(id) FROM probe_writes"), "every acknowledged row");
    }
  }

  /**
   * A second client that rewrites rows all over the ballast table: the follower then holds many dirty
   * buffers when it is promoted, so the checkpoint that follows the promotion takes seconds, which is
   * when a pg_rewind against it used to read a stale timeline. Its own errors do not matter.
   */
  private static final class Churn implements AutoCloseable {
    private final java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
    private final Thread thread;

    Churn(String url) {
      thread = new Thread(() -> {
        java.util.Random random = new java.util.Random(42);
        while (running.get()) {
          try (Connection c = Harness.connect(url); Statement s = c.createStatement()) {
            while (running.get()) {
              long from = 1 + random.nextInt(590_000);
              s.execute("UPDATE ballast SET pad = md5(random()::text) || pad WHERE id % 50 = 0 AND id BETWEEN "
                  + from + " AND " + (from + 10_000));
              Thread.sleep(50);
            }
          } catch (Exception ignored) {
            // during a switchover: reconnect and go on
          }
        }
      }, "churn");
      thread.start();
    }

    @Override
    public void close() throws InterruptedException {
      running.set(false);
      thread.join(10_000);
    }
  }

  /** Both nodes run, and the primary (as PostgreSQL says) has its follower streaming. */
  private static void assertPairStreams(String id, String context) throws Exception {
    var nodes = harness.nodesOf(id);
    assertEquals(2, nodes.size(), context);
    for (int attempt = 0; ; attempt++) {
      String state = "";
      for (var n : harness.nodesOf(id)) {
        int port = Integer.parseInt(n.getLabels().get(Labels.PORT));
        try (Connection c = Harness.superuser(id, port); Statement s = c.createStatement()) {
          if ("f".equals(Harness.one(s, "SELECT pg_is_in_recovery()"))) {
            var rs = s.executeQuery("SELECT coalesce(string_agg(state, ','), '') FROM pg_stat_replication");
            rs.next();
            state = rs.getString(1);
          }
        } catch (java.sql.SQLException down) {
          state = "node " + n.getLabels().get(Labels.NODE) + " down: " + down.getMessage();
        }
      }
      if ("streaming".equals(state)) {
        return;
      }
      if (attempt >= 30) {
        throw new AssertionError("the pair does not stream (" + state + ") after:\n" + context);
      }
      Thread.sleep(1000);
    }
  }
}
