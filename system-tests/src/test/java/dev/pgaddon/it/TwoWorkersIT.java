package dev.pgaddon.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.Container;
import dev.pgaddon.docker.Labels;
import dev.pgaddon.operation.WorkflowIds;
import io.temporal.api.history.v1.HistoryEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Stateless workers: two worker processes on one task queue share ten addons' operations, and
 * when one is killed in the middle the other finishes what it began, with the secrets and ports
 * the first one created (they live in the control database, not in a worker).
 */
@WithStack(workerInThisJvm = false)
class TwoWorkersIT {
  private static final Map<String, String> FAST_DETECTION = Map.of("pgaddon.heartbeat.timeout.seconds", "8");
  private static final int ADDONS = 10;
  @WithStack.Inject private static Harness harness;

  @Test
  void tenAddonsProvisionedAndChangedAtOnceAcrossTwoWorkersOneOfThemKilled() throws Exception {
    String app = "it-two-" + harness.owner.substring(3);
    AtomicInteger stepsOfFirst = new AtomicInteger();
    java.util.concurrent.atomic.AtomicBoolean killed = new java.util.concurrent.atomic.AtomicBoolean();
    WorkerProcess[] first = new WorkerProcess[1];
    // Killed once it has started a few steps: some operations are half done on it.
    first[0] = harness.startWorker("first", FAST_DETECTION, new WorkerProcess.Trigger(
        line -> line.contains(" - step ") && stepsOfFirst.incrementAndGet() == 8,
        worker -> {
          worker.kill();
          killed.set(true);
        }));
    WorkerProcess second = harness.startWorker("second", FAST_DETECTION);

    List<String> ids = all(i -> harness.addAddon(app, "postgresql-starter-512", null).id());
    assertTrue(killed.get() && !first[0].alive(), "the first worker was killed while the addons were being provisioned");
    assertTrue(lostAttempts(ids) > 0, "some step or workflow task was lost with the first worker and done again");
    Set<String> provisionedBy = identities(ids);
    assertTrue(provisionedBy.stream().anyMatch(w -> w.startsWith(first[0].pid() + "@"))
        && provisionedBy.stream().anyMatch(w -> w.startsWith(second.pid() + "@")),
        "both workers worked on the provisionings: " + provisionedBy + " vs pids " + first[0].pid() + ", " + second.pid());

    WorkerProcess third = harness.startWorker("third", FAST_DETECTION);
    all(i -> {
      Harness.Run change = harness.cli("--app", app, "addons-upgrade", ids.get(i), "postgresql-starter-1024", "--wait");
      assertEquals(0, change.exitCode(), change.all());
      return ids.get(i);
    });
    Set<String> changedBy = identities(ids);
    assertTrue(changedBy.stream().anyMatch(w -> w.startsWith(third.pid() + "@"))
        && changedBy.stream().anyMatch(w -> w.startsWith(second.pid() + "@")), "both live workers changed plans: " + changedBy);

    Set<Integer> ports = new HashSet<>();
    for (String id : ids) {
      for (var op : harness.operationsOf(app, id)) {
        assertEquals("succeeded", op.status(), id + " " + op.kind() + ": " + op.errorMessage());
      }
      List<Container> containers = harness.containersOf(id);
      for (Container c : containers) {
        if (c.getLabels().containsKey(Labels.PORT)) {
          assertTrue(ports.add(Integer.parseInt(c.getLabels().get(Labels.PORT))), "a port given twice: " + c.getLabels());
        }
        if ("node".equals(c.getLabels().get(Labels.KIND))) {
          assertEquals("postgresql-starter-1024", c.getLabels().get(Labels.PLAN));
        }
      }
      assertEquals(2, harness.controlRowsOf("port_reservations", id), "the node and the endpoint hold one port each");
    }
    assertEquals(2 * ADDONS, ports.size());
  }

  private interface Job {
    String run(int index) throws Exception;
  }

  private static List<String> all(Job job) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(ADDONS);
    try {
      List<Future<String>> futures = new ArrayList<>();
      for (int i = 0; i < ADDONS; i++) {
        int index = i;
        futures.add(pool.submit(() -> job.run(index)));
      }
      List<String> results = new ArrayList<>();
      for (Future<String> f : futures) {
        results.add(f.get(10, TimeUnit.MINUTES));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Activity attempts and workflow tasks that timed out (lost with a worker) in these addons' latest operations. */
  private static long lostAttempts(List<String> ids) {
    long lost = 0;
    for (String id : ids) {
      lost += harness.client.fetchHistory(WorkflowIds.forAddon(id)).getEvents().stream()
          .filter(e -> e.hasActivityTaskTimedOutEventAttributes() || e.hasWorkflowTaskTimedOutEventAttributes()
              || e.hasActivityTaskStartedEventAttributes() && e.getActivityTaskStartedEventAttributes().getAttempt() > 1)
          .count();
    }
    return lost;
  }

  /** The identities of the workers that started tasks in these addons' latest operations. */
  private static Set<String> identities(List<String> ids) {
    Set<String> workers = new HashSet<>();
    for (String id : ids) {
      for (HistoryEvent e : harness.client.fetchHistory(WorkflowIds.forAddon(id)).getEvents()) {
        if (e.hasWorkflowTaskStartedEventAttributes()) {
          workers.add(e.getWorkflowTaskStartedEventAttributes().getIdentity());
        }
        if (e.hasActivityTaskStartedEventAttributes()) {
          workers.add(e.getActivityTaskStartedEventAttributes().getIdentity());
        }
      }
    }
    return workers;
  }
}
