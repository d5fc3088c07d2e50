package dev.pgaddon.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.pgaddon.control.OperationRecord;
import dev.pgaddon.operation.WorkflowIds;
import dev.pgaddon.probe.WriteProbe;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowFailedException;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Durability against lost workers: one business addon, with a client writing through its endpoint
 * all along, goes through plan changes on PostgreSQL 15, the major upgrade to 17 and a plan change
 * on 17, while the worker process (the real jar) is killed with SIGKILL the moment each step
 * starts (read from its log), and a new worker is started. Every operation must end as documented,
 * the follower must stream, the tables must hold what they held, and no acknowledged row may be
 * missing. The workers run with an 8 s heartbeat timeout (PGADDON_HEARTBEAT_TIMEOUT_SECONDS's
 * property), so a lost step moves on quickly.
 */
@WithStack(workerInThisJvm = false)
class WorkerKillIT {
  private static final Map<String, String> FAST_DETECTION = Map.of("pgaddon.heartbeat.timeout.seconds", "8");

  @WithStack.Inject private static Harness harness;
  private static WorkerProcess worker;
  private static final AtomicInteger started = new AtomicInteger();
  private final List<String> kills = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    worker = harness.startWorker("worker-" + started.incrementAndGet(), FAST_DETECTION);
  }

  /** A step's first log line, its nth occurrence during the operation (steps that run twice, as await-replay). */
  private record Step(String name, String logLine, int occurrence) {
    static Step of(String name, String logLine) {
      return new Step(name, logLine, 1);
    }
  }

  @Test
  void aBusinessAddonLosesNothingWhenItsWorkerIsKilledAtEveryStep() throws Exception {
    String app = "it-kill-" + harness.owner.substring(3);
    Harness.Added added = harness.addAddon(app, "postgresql-business-512", "15.20");
    String id = added.id();
    String url = added.url();
    try (Connection c = Harness.connect(url); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE accounts (id bigint PRIMARY KEY, owner text, balance numeric)");
      s.execute("INSERT INTO accounts SELECT g, md5(g::text), g * 1.5 FROM generate_series(1, 50000) g");
      s.execute("CREATE TABLE events (id bigint, at date, body text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at)");
      s.execute("CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')");
      s.execute("CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')");
      s.execute("INSERT INTO events SELECT g, date '2025-01-01' + (g % 700), repeat('x', g % 50) FROM generate_series(1, 20000) g");
    }
    Map<String, String> checksums = checksums(url);
    harness.awaitWatched(id, true);

    WriteProbe probe = WriteProbe.start(url, 10);
    List<String> outcomes = new ArrayList<>();
    try {
      outcomes.add(run(app, id, "plan change to business-1024 on 15", List.of("addons-upgrade", id, "postgresql-business-1024"),
          List.of(Step.of("restart follower", "step recreate-node: stopping"),
              Step.of("stage the endpoint's file", "step stage-endpoint-config:"),
              Step.of("promote", "step promote: promoting")), true));
      // Lost at the promotion: the switchover replayed from its start, recovered from the nodes' roles.
      harness.recordHistory(WorkflowIds.forAddon(id), "change-plan-business-worker-lost.json");
      assertEquals(checksums, checksums(url), "after " + kills);
      outcomes.add(run(app, id, "plan change to business-512 on 15", List.of("addons-upgrade", id, "postgresql-business-512"),
          List.of(Step.of("pause", "step pause-endpoint: PAUSE on"),
              Step.of("apply the endpoint's file", "step apply-endpoint-config:"),
              Step.of("rejoin by pg_rewind", "step pg_rewind: starting")), false));
      outcomes.add(run(app, id, "plan change to business-1024 on 15", List.of("addons-upgrade", id, "postgresql-business-1024"),
          List.of(new Step("replay check in the switchover", "must replay up to", 2),
              new Step("await the rejoined follower", "step await-streaming: waiting", 1)), false));
      // The old primary stopped, not promoted yet: either the change goes on or the old primary is restarted.
      outcomes.add(run(app, id, "plan change to business-512 on 15", List.of("addons-upgrade", id, "postgresql-business-512"),
          List.of(Step.of("stop the old primary", "step stop-node: fast shutdown of")), true));
      assertEquals(checksums, checksums(url), "after " + kills);

      outcomes.add(run(app, id, "major upgrade to 17", List.of("--addon", id, "database-upgrade", "--to", "17.12"),
          List.of(Step.of("pre-flight", "step pg_upgrade-check: starting"),
              Step.of("checkpoint", "step checkpoint: CHECKPOINT on"),
              Step.of("stop", "step stop-node: fast shutdown of"),
              Step.of("pg_upgrade", "step pg_upgrade: starting"),
              Step.of("restart on 17", "step recreate-node: stopping"),
              Step.of("ANALYZE stage 1", "step analyze-stage-1: starting"),
              Step.of("ANALYZE stage 2", "step analyze-stage-2: starting"),
              Step.of("ANALYZE stage 3", "step analyze-stage-3: starting"),
              Step.of("base backup", "step base-backup: starting"),
              Step.of("follower rebuild", "step pg_basebackup: starting")), false));
      harness.recordHistory(WorkflowIds.forAddon(id), "major-upgrade-business-worker-lost.json");
      assertEquals(checksums, checksums(url), "after " + kills);

      outcomes.add(run(app, id, "plan change to business-1024 on 17", List.of("addons-upgrade", id, "postgresql-business-1024"),
          List.of(Step.of("promote", "step promote: promoting")), true));
    } finally {
      Thread.sleep(500);
      WriteProbe.Report report = probe.stop();
      assertEquals(0, report.missingAfterwards(), report + " after kills at " + kills);
      assertTrue(report.committed() > 1000, report.toString());
      System.out.println("WorkerKillIT: writes " + report + "; kills at " + kills + "; outcomes " + outcomes);
    }
    assertEquals(checksums, checksums(url), "after " + kills);
    harness.awaitWatched(id, true);
    assertEquals("sync", harness.syncState(id), "the follower streams, synchronous again");
    Harness.Run info = harness.cli("--app", app, "addons-info", id);
    assertTrue(info.out().contains("17.12") && info.out().contains("running"), info.all());

    // A point-in-time restore in place (the upgrade's base backup, then the WAL of both plan changes
    // after it), the worker killed at each of its steps: the rows before the target, none after.
    String target;
    try (Connection c = Harness.connect(url); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE marks (n int PRIMARY KEY)");
      s.execute("INSERT INTO marks VALUES (1), (2)");
      target = Harness.one(s, "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')");
      Thread.sleep(1100);
      s.execute("INSERT INTO marks VALUES (3)");
    }
    run(app, id, "restore in place", List.of("--addon", id, "database-pitr-restore", target, "--yes", "--no-wait"),
        List.of(Step.of("archive the WAL", "step archive-wal-now:"),
            Step.of("restore and replay", "step pitr-restore: starting"),
            Step.of("start the restored primary", "step start-node: starting"),
            Step.of("follower clone", "step pg_basebackup: starting"),
            Step.of("new base backup", "step base-backup: starting"),
            Step.of("discard the old directory", "step restore-discard: starting")), false);
    harness.recordHistory(WorkflowIds.forAddon(id), "pitr-restore-business-worker-lost.json");
    try (Connection c = Harness.connect(url); Statement s = c.createStatement()) {
      assertEquals("1,2", Harness.one(s, "SELECT string_agg(n::text, ',' ORDER BY n) FROM marks"), "after " + kills);
    }
    assertEquals(checksums, checksums(url), "after " + kills);
    assertEquals("sync", harness.syncState(id), "the rebuilt follower streams, synchronous");
  }

  /**
   * Starts an operation through the CLI, kills the worker as each step's log line appears (a new
   * worker is started after each kill), and waits for the operation's end.
   *
   * @param mayRollBack the operation may also fail with the old primary unchanged (rolled back
   *     before its point of no return: a kill at the stop or at the promotion may land before it);
   *     it is then run again, with no kill, and must succeed; otherwise it must succeed at once
   */
  private String run(String app, String addonId, String what, List<String> command, List<Step> steps, boolean mayRollBack)
      throws Exception {
    int before = harness.operationsOf(app, addonId).size();
    List<String> args = new ArrayList<>(List.of("--app", app));
    args.addAll(command);
    var stub = harness.client.newUntypedWorkflowStub(WorkflowIds.forAddon(addonId));
    // Each step's trigger is in place before anything can log it: on the running worker before the
    // operation starts, then on each new worker before it reads its first line.
    List<CountDownLatch> hits = new ArrayList<>();
    List<WorkerProcess.Trigger> triggers = new ArrayList<>();
    for (Step step : steps) {
      CountDownLatch hit = new CountDownLatch(1);
      AtomicInteger seen = new AtomicInteger();
      hits.add(hit);
      triggers.add(new WorkerProcess.Trigger(line -> line.contains(step.logLine()) && seen.incrementAndGet() == step.occurrence(),
          victim -> {
            victim.kill();
            hit.countDown();
          }));
    }
    worker.arm(triggers.get(0));
    Harness.Run start = harness.cli(args.toArray(String[]::new));
    assertEquals(0, start.exitCode(), start.all());
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      while (!hits.get(i).await(200, TimeUnit.MILLISECONDS)) {
        if (System.nanoTime() > deadline || !running(addonId)) {
          fail(what + ": the step '" + step.name() + "' never started (" + (running(addonId) ? "still running" : "ended")
              + "); kills so far " + kills);
        }
      }
      kills.add(what + ": " + step.name());
      WorkerProcess.Trigger next = i + 1 < steps.size() ? triggers.get(i + 1) : null;
      worker = next == null ? harness.startWorker("worker-" + started.incrementAndGet(), FAST_DETECTION)
          : harness.startWorker("worker-" + started.incrementAndGet(), FAST_DETECTION, next);
    }
    String outcome;
    try {
      stub.getResult(15, TimeUnit.MINUTES, Map.class);
      outcome = what + ": finished";
    } catch (WorkflowFailedException e) {
      Throwable cause = e;
      while (cause.getCause() != null) {
        cause = cause.getCause();
      }
      String message = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
      if (!(mayRollBack && message.contains("the primary is unchanged"))) {
        fail(what + " failed: " + message + " (root: " + cause.getMessage() + "); kills " + kills, e);
      }
      outcome = what + ": rolled back (" + message + ")";
      // The chain goes on from where it was meant to be: the same change again, with no kill.
      Harness.Run again = harness.cli(args.toArray(String[]::new));
      assertEquals(0, again.exitCode(), again.all());
      stub.getResult(15, TimeUnit.MINUTES, Map.class);
      before++;
    }
    List<OperationRecord> rows = harness.operationsOf(app, addonId);
    assertEquals(before + 1, rows.size(), "one audit row per operation: " + rows);
    assertEquals("succeeded", rows.get(0).status(), outcome);
    if (!outcome.endsWith("finished")) {
      assertEquals("failed", rows.get(1).status(), outcome + ": the rolled-back attempt is recorded as failed");
    }
    harness.awaitWatched(addonId, true);
    return outcome;
  }

  private boolean running(String addonId) {
    return status(addonId) == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
  }

  private WorkflowExecutionStatus status(String addonId) {
    return harness.client.newUntypedWorkflowStub(WorkflowIds.forAddon(addonId)).describe().getWorkflowExecutionInfo()
        .getStatus();
  }

  /** Per table: an md5 over every row in key order (the partitioned table read through its parent). */
  private static Map<String, String> checksums(String url) throws Exception {
    Map<String, String> sums = new LinkedHashMap<>();
    try (Connection c = Harness.connect(url); Statement s = c.createStatement()) {
      sums.put("accounts", Harness.one(s, "SELECT md5(string_agg(t::text, ',' ORDER BY id)) FROM accounts t"));
      sums.put("events", Harness.one(s, "SELECT md5(string_agg(t::text, ',' ORDER BY id, at)) FROM events t"));
    }
    return sums;
  }
}
