package dev.pgaddon.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgaddon.docker.Labels;
import dev.pgaddon.operation.WorkflowIds;
import dev.pgaddon.probe.WriteProbe;
import java.sql.Connection;
import java.sql.Statement;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Nodes killed under a writing client, with nobody asking for anything: the watchdog fails a
 * business addon over to its synchronous follower, rebuilds a dead follower, restarts a dead
 * starter node. Every acknowledged row must be there at the end.
 */
@WithStack
class FailoverIT {
  @WithStack.Inject private static Harness harness;

  @Test
  void aBusinessAddonOutlivesItsPrimaryThenItsFollowerThenAPlanChange() throws Exception {
    String app = "it-failover-" + harness.owner.substring(3);
    Watched addon = addWatched(app, "postgresql-business-512", "15.20");
    String id = addon.id();
    String url = addon.url();

    WriteProbe probe = WriteProbe.start(url, 10);
    WriteProbe.Report report;
    try {
      Thread.sleep(2000);
      var primary = harness.nodeAnswering(id, true);
      String oldPrimary = primary.getLabels().get(Labels.NODE);
      harness.docker.killContainerCmd(primary.getId()).exec();

      var failover = harness.awaitOperation(app, id, "failover", 0);
      assertEquals("succeeded", failover.status(), failover.toString());
      assertTrue(failover.stepsJson().contains("Fence the old primary"), failover.stepsJson());
      // The killed primary comes back by pg_rewind: a rebuild would mean its crash state was not rewound.
      assertTrue(failover.resultJson().contains("pg_rewind") && !failover.resultJson().contains("rebuilt"),
          failover.resultJson());
      assertNotEquals(oldPrimary, harness.nodeAnswering(id, true).getLabels().get(Labels.NODE), "the follower took over");
      assertEquals("sync", harness.awaitSync(id), "the old primary follows, synchronously");
      harness.recordHistory(WorkflowIds.forAddon(id), "failover-business.json");
    } finally {
      report = probe.stop();
    }
    assertEquals(0, report.missingAfterwards(), "acknowledged before and after the failover: " + report);

    // The follower dies: not one write fails (the primary stops waiting for it), and it comes back.
    probe = WriteProbe.start(url, 10);
    try {
      Thread.sleep(1000);
      harness.docker.killContainerCmd(harness.nodeAnswering(id, false).getId()).exec();
      var repair = harness.awaitOperation(app, id, "repair", 0);
      assertEquals("succeeded", repair.status(), repair.toString());
      assertEquals("sync", harness.awaitSync(id), "the follower is back, synchronously");
      harness.recordHistory(WorkflowIds.forAddon(id), "repair-follower.json");
      harness.recordHistory(WorkflowIds.watchdogOf(id), "watch-addon.json");

      // And the addon still changes plan like any other.
      Harness.Run change = harness.cli("--app", app, "addons-upgrade", id, "postgresql-business-1024", "--wait");
      assertEquals(0, change.exitCode(), change.all());
    } finally {
      Thread.sleep(500);
      report = probe.stop();
    }
    assertEquals(0, report.failed(), "while the follower was down and during the plan change: " + report);
    assertEquals(0, report.missingAfterwards(), report.toString());
    assertTrue(report.committed() > 500, report.toString());
    assertEquals("sync", harness.awaitSync(id));
    assertEquals(1, harness.operationsOf(app, id).stream().filter(o -> o.kind().equals("failover")).count(),
        "one failover: " + harness.operationsOf(app, id));
    assertEquals(2, harness.watchdogActions(id), "the failover and the repair; nothing tried during the plan change");
    try (Connection c = Harness.connect(url); Statement s = c.createStatement()) {
      s.execute("INSERT INTO probe_writes (id) VALUES (-1)"); // served through the same URL
    }
    Harness.Run addons = harness.cli("--app", app, "addons");
    assertTrue(Pattern.compile(id + " \\| postgresql-business-1024 \\| 15\\.20 +\\| running").matcher(addons.out()).find(),
        addons.out());
    Harness.Run operations = harness.cli("--app", app, "--addon", id, "operations");
    assertTrue(operations.out().contains("failover"), operations.out());
    String info = "";
    for (int i = 0; i < 30 && !info.contains("Replication: synchronous"); i++) {
      Thread.sleep(1000); // the status refresh records it within seconds
      info = harness.cli("--app", app, "addons-info", id).out();
    }
    assertTrue(info.contains("Replication: synchronous"), info);
  }

  @Test
  void aStarterNodeThatDiedIsRestartedOnItsVolume() throws Exception {
    String app = "it-restart-" + harness.owner.substring(3);
    Watched addon = addWatched(app, "postgresql-starter-512", "17.12");
    String id = addon.id();
    String url = addon.url();
    WriteProbe probe = WriteProbe.start(url, 10);
    WriteProbe.Report report;
    try {
      Thread.sleep(1000);
      harness.docker.killContainerCmd(harness.nodesOf(id).get(0).getId()).exec();
      var repair = harness.awaitOperation(app, id, "repair", 0);
      assertEquals("succeeded", repair.status(), repair.toString());
      harness.recordHistory(WorkflowIds.forAddon(id), "repair-starter.json");
      Thread.sleep(2000);
    } finally {
      report = probe.stop();
    }
    assertEquals(0, report.missingAfterwards(), report.toString());
    try (Connection c = Harness.connect(url); Statement s = c.createStatement()) {
      s.execute("INSERT INTO probe_writes (id) VALUES (-1)");
    }
  }

  private record Watched(String id, String url) {}

  /** A new addon, once its watchdog watches it (and, on a business plan, commits are synchronous). */
  private static Watched addWatched(String app, String plan, String version) throws Exception {
    Harness.Run add = harness.cli("--app", app, "addons-add", "postgresql", plan, "--version", version);
    assertEquals(0, add.exitCode(), add.all());
    String id = Harness.find(Harness.ID_LINE, add.out());
    harness.awaitWatched(id, plan.contains("business"));
    return new Watched(id, Harness.find(Harness.URL_LINE, add.out()));
  }

}
