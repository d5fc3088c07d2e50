package dev.pgaddon.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.Container;
import com.sun.net.httpserver.HttpServer;
import dev.pgaddon.docker.Labels;
import dev.pgaddon.node.HookSignature;
import dev.pgaddon.operation.WorkflowIds;
import dev.pgaddon.plan.PlanCatalog;
import dev.pgaddon.probe.WriteProbe;
import dev.pgaddon.secrets.SecretStore;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The seed's "Scaling (Changing Plan)" on real containers, with a client writing through the endpoint. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@WithStack
class PlanChangeIT {

  @WithStack.Inject private static Harness harness;
  private static String app;
  private static HttpServer hookServer;
  /** "<event> <addon id>" for each signed request the hook received, or "bad signature: <body>". */
  private static final List<String> hookEvents = new CopyOnWriteArrayList<>();
  private static final Pattern HOOK_FIELD = Pattern.compile("\"(addon|event)\":\"([^\"]*)\"");
  private static String starterId;
  private static String starterUrl;
  private static String businessId;
  private static String businessUrl;

  @BeforeAll
  static void start() throws Exception {
    app = "it-plan-" + harness.owner.substring(3);
    hookServer = startHookServer();
    Harness.Run starter = harness.cli("--app", app, "addons-add", "postgresql", "postgresql-starter-512", "--version", "15.20");
    assertEquals(0, starter.exitCode(), starter.all());
    starterId = Harness.find(Harness.ID_LINE, starter.out());
    starterUrl = Harness.find(Harness.URL_LINE, starter.out());
    Harness.Run business = harness.cli("--app", app, "addons-add", "postgresql", "postgresql-business-512", "--version", "15.20",
        "--restart-hook", "http://127.0.0.1:" + hookServer.getAddress().getPort() + "/hook");
    assertEquals(0, business.exitCode(), business.all());
    businessId = Harness.find(Harness.ID_LINE, business.out());
    businessUrl = Harness.find(Harness.URL_LINE, business.out());
  }

  @AfterAll
  static void stop() {
    if (hookServer != null) {
      hookServer.stop(0);
    }
  }

  /** The application's side of the restart hook: checks the signature, then records the event. */
  private static HttpServer startHookServer() throws java.io.IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/hook", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String addon = null;
      String event = null;
      Matcher m = HOOK_FIELD.matcher(body);
      while (m.find()) {
        if (m.group(1).equals("addon")) {
          addon = m.group(2);
        } else {
          event = m.group(2);
        }
      }
      boolean signed = false;
      try {
        String secret = Harness.secret(addon, SecretStore.RESTART_HOOK_SECRET);
        long timestamp = Long.parseLong(exchange.getRequestHeaders().getFirst(HookSignature.TIMESTAMP_HEADER));
        signed = HookSignature.verify(secret, timestamp, body,
            exchange.getRequestHeaders().getFirst(HookSignature.SIGNATURE_HEADER));
      } catch (RuntimeException unsigned) {
        // recorded as a bad signature below
      }
      hookEvents.add(signed ? event + " " + addon : "bad signature: " + body);
      exchange.sendResponseHeaders(signed ? 204 : 401, -1);
      exchange.close();
    });
    server.start();
    return server;
  }

  @Test
  @Order(1)
  void aStarterPlanChangeAppliesTheNewLimitsAndSettingsAndKeepsEveryRow() throws Exception {
    writeRows(starterUrl, 1000);
    WriteProbe probe = WriteProbe.start(starterUrl, 10);
    Harness.Run run = harness.cli("--app", app, "addons-upgrade", starterId, "postgresql-starter-1024", "--wait");
    Thread.sleep(500);
    WriteProbe.Report report = probe.stop();

    assertEquals(0, run.exitCode(), run.all());
    assertTrue(run.out().contains("-----> Addon " + starterId + " has been upgraded"), run.out());
    assertTrue(run.out().contains("Message from addon provider: Database plan is being changed"), run.out());
    assertEquals(0, report.missingAfterwards(), report.toString());
    assertTrue(report.committed() > 50, report.toString());
    assertEquals(1000, rowCount(starterUrl));
    for (Container node : harness.nodesOf(starterId)) {
      assertEquals(PlanCatalog.require("postgresql-starter-1024").memoryBytes(), memoryOf(node));
    }
    assertEquals("256MB", query(starterUrl, "SHOW shared_buffers"));
    harness.recordHistory(WorkflowIds.forAddon(starterId), "change-plan-starter.json");
  }

  @Test
  @Order(2)
  void aBusinessPlanChangeSwitchesOverWithoutAFailedTransaction() throws Exception {
    writeRows(businessUrl, 1000);
    WriteProbe probe = WriteProbe.start(businessUrl, 10);
    Harness.Run run = harness.cli("--app", app, "addons-upgrade", businessId, "postgresql-business-1024", "--wait");
    Thread.sleep(500);
    WriteProbe.Report report = probe.stop();

    assertEquals(0, run.exitCode(), run.all());
    assertEquals(0, report.failed(), report.toString());
    assertEquals(0, report.missingAfterwards(), report.toString());
    assertEquals(1000, rowCount(businessUrl));
    assertTrue(run.out().contains("primary node2"), run.out());
    List<Container> nodes = harness.nodesOf(businessId);
    assertEquals(2, nodes.size());
    for (Container node : nodes) {
      assertEquals(PlanCatalog.require("postgresql-business-1024").memoryBytes(), memoryOf(node));
    }
    assertEquals("256MB", query(businessUrl, "SHOW shared_buffers"));
    // The old primary (node1) now streams from the new one (node2) through its own slot.
    try (Connection admin = Harness.superuser(businessId, port(businessId, "node2")); Statement s = admin.createStatement()) {
      assertEquals("f", Harness.one(s, "SELECT pg_is_in_recovery()"));
      assertEquals("streaming", Harness.one(s, "SELECT r.state FROM pg_stat_replication r "
          + "JOIN pg_replication_slots sl ON sl.active_pid = r.pid WHERE sl.slot_name = 'node1'"));
    }
    try (Connection old = Harness.superuser(businessId, port(businessId, "node1")); Statement s = old.createStatement()) {
      assertEquals("t", Harness.one(s, "SELECT pg_is_in_recovery()"));
    }
    assertTrue(hookEvents.contains("plan-changed " + businessId), hookEvents.toString());
    harness.recordHistory(WorkflowIds.forAddon(businessId), "change-plan-business.json");
  }

  @Test
  @Order(3)
  void aStarterMovingToBusinessGetsAWorkingFollower() throws Exception {
    Harness.Run run = harness.cli("--app", app, "addons-upgrade", starterId, "postgresql-business-1024", "--wait");
    assertEquals(0, run.exitCode(), run.all());

    assertEquals(2, harness.nodesOf(starterId).size());
    try (Connection c = Harness.connect(starterUrl); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE after_follower (v text)");
      s.execute("INSERT INTO after_follower VALUES ('seen on the follower')");
    }
    try (Connection follower = Harness.connect(starterUrl, port(starterId, "node2")); Statement s = follower.createStatement()) {
      assertEquals("t", Harness.one(s, "SELECT pg_is_in_recovery()"));
      String v = null;
      for (int i = 0; i < 100 && v == null; i++) {
        try (ResultSet rs = s.executeQuery("SELECT v FROM after_follower")) {
          v = rs.next() ? rs.getString(1) : null;
        } catch (SQLException notYetReplayed) {
          Thread.sleep(100);
        }
      }
      assertEquals("seen on the follower", v);
    }
    assertEquals(1000, rowCount(starterUrl));
    harness.recordHistory(WorkflowIds.forAddon(starterId), "change-plan-starter-to-business.json");
  }

  @Test
  @Order(4)
  void badPlanChangesGetOneClearLineAndChangeNothing() throws Exception {
    Harness.Run same = harness.cli("--app", app, "addons-upgrade", businessId, "postgresql-business-1024");
    assertEquals(2, same.exitCode(), same.all());
    assertTrue(same.err().contains("already on plan postgresql-business-1024"), same.err());

    Harness.Run unknown = harness.cli("--app", app, "addons-upgrade", businessId, "postgresql-business-9");
    assertEquals(2, unknown.exitCode(), unknown.all());
    assertTrue(unknown.err().contains("unknown plan"), unknown.err());

    Harness.Run noAddon = harness.cli("--app", app, "addons-upgrade", "ad-00000000-0000-0000-0000-000000000000", "postgresql-business-512");
    assertEquals(2, noAddon.exitCode(), noAddon.all());

    Harness.Run first = harness.cli("--app", app, "addons-upgrade", businessId, "postgresql-business-2048");
    assertEquals(0, first.exitCode(), first.all());
    Harness.Run second = harness.cli("--app", app, "addons-upgrade", businessId, "postgresql-business-512");
    assertEquals(2, second.exitCode(), second.all());
    assertTrue(second.err().contains("is busy with another operation (change-plan, operation op-"), second.err());
    harness.client.newUntypedWorkflowStub(WorkflowIds.forAddon(businessId)).getResult(Object.class);
    for (Container node : harness.nodesOf(businessId)) {
      assertEquals(PlanCatalog.require("postgresql-business-2048").memoryBytes(), memoryOf(node));
    }
  }

  private static long memoryOf(Container c) {
    return harness.docker.inspectContainerCmd(c.getId()).exec().getHostConfig().getMemory();
  }


  private static int port(String addonId, String node) {
    return harness.nodesOf(addonId).stream().filter(c -> node.equals(c.getLabels().get(Labels.NODE)))
        .map(c -> Integer.parseInt(c.getLabels().get(Labels.PORT))).findFirst().orElseThrow();
  }

  private static void writeRows(String url, int n) throws SQLException {
    try (Connection c = Harness.connect(url); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE before_change (id int PRIMARY KEY, payload text)");
      s.execute("INSERT INTO before_change SELECT g, md5(g::text) FROM generate_series(1, " + n + ") g");
    }
  }

  private static long rowCount(String url) throws SQLException {
    return Long.parseLong(query(url, "SELECT count(*) FROM before_change"));
  }

  private static String query(String url, String sql) throws SQLException {
    try (Connection c = Harness.connect(url); Statement s = c.createStatement()) {
      return Harness.one(s, sql);
    }
  }


}
