package dev.pgaddon.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pgaddon.changeplan.ChangePlanWorkflow.ChangePlanResult;
import dev.pgaddon.docker.Labels;
import dev.pgaddon.operation.Progress;
import dev.pgaddon.operation.StepState;
import dev.pgaddon.operation.WorkflowIds;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Durability: a plan change in flight survives a crash of the Temporal server. The server is the
 * real one (the Temporal CLI's dev server, persisting to a file), killed with SIGKILL mid-operation
 * and started again on the same file.
 */
class TemporalRestartIT {
  private Process server;
  private Harness harness;

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
    if (server != null) {
      server.destroyForcibly();
    }
  }

  @Test
  void aPlanChangeInFlightSurvivesATemporalServerCrash() throws Exception {
    String bin = System.getenv("PGADDON_TEMPORAL_BIN");
    assumeTrue(bin != null && new File(bin).canExecute(), "PGADDON_TEMPORAL_BIN names the Temporal CLI (scripts/test.sh sets it)");
    int port = Harness.freePort();
    // A fresh path: the dev server initialises its schema only in a file it creates itself.
    Path db = Files.createTempDirectory("pgaddon-temporal").resolve("temporal.db");
    server = startServer(bin, port, db);
    harness = new Harness("127.0.0.1:" + port);
    String app = "it-restart-" + harness.owner.substring(3);

    Harness.Run add = harness.cli("--app", app, "addons-add", "postgresql", "postgresql-starter-512", "--version", "15.20");
    assertEquals(0, add.exitCode(), add.all());
    Matcher id = Pattern.compile("ID: (ad-[0-9a-f-]+)").matcher(add.out());
    assertTrue(id.find());
    String addonId = id.group(1);
    Harness.Run change = harness.cli("--app", app, "addons-upgrade", addonId, "postgresql-business-512");
    assertEquals(0, change.exitCode(), change.all());

    var stub = harness.client.newUntypedWorkflowStub(WorkflowIds.forAddon(addonId));
    awaitStepDone(stub, "Restart primary with the new plan or version (endpoint paused)");
    server.destroyForcibly().waitFor();
    Thread.sleep(1000);
    server = startServer(bin, port, db);

    ChangePlanResult result = stub.getResult(180, TimeUnit.SECONDS, ChangePlanResult.class);
    assertEquals("postgresql-business-512", result.toPlan());
    var nodes = harness.containersOf(addonId).stream().filter(c -> "node".equals(c.getLabels().get(Labels.KIND))).toList();
    assertEquals(2, nodes.size());
    int primaryPort = nodes.stream().filter(c -> "node1".equals(c.getLabels().get(Labels.NODE)))
        .map(c -> Integer.parseInt(c.getLabels().get(Labels.PORT))).findFirst().orElseThrow();
    try (Connection c = Harness.superuser(addonId, primaryPort); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT state FROM pg_stat_replication")) {
      assertTrue(rs.next());
      assertEquals("streaming", rs.getString(1));
    }
    harness.recordHistory(WorkflowIds.forAddon(addonId), "change-plan-across-server-restart.json");
  }

  private static void awaitStepDone(io.temporal.client.WorkflowStub stub, String step) throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      try {
        Progress p = stub.query("progress", Progress.class);
        if (p != null && p.steps().stream().anyMatch(s -> s.name().equals(step) && s.status() == StepState.Status.DONE)) {
          return;
        }
      } catch (RuntimeException notYet) {
        // the worker has not picked the workflow up yet
      }
      Thread.sleep(50);
    }
    throw new AssertionError("step '" + step + "' did not finish in 30 s");
  }

  private static Process startServer(String bin, int port, Path db) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(List.of(bin, "server", "start-dev", "--headless", "--ip", "127.0.0.1",
        "--port", Integer.toString(port), "--db-filename", db.toString(), "--log-level", "error",
        "--search-attribute", "AddonId=Keyword", "--search-attribute", "AppName=Keyword",
        "--search-attribute", "Operation=Keyword"))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    for (int i = 0; i < 300; i++) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        Thread.sleep(1000); // the frontend accepts before the namespace is ready
        return p;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new IOException("the Temporal dev server did not listen on " + port + " within 30 s");
  }
}
