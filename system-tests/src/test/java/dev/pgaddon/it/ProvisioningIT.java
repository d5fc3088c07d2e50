package dev.pgaddon.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.Container;
import dev.pgaddon.docker.Labels;
import dev.pgaddon.secrets.SecretStore;
import dev.pgaddon.operation.WorkflowIds;
import dev.pgaddon.plan.PlanCatalog;
import java.sql.Connection;
import java.util.Map;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Provisioning and removal on the real Docker engine, through the CLI, as a user runs them. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@WithStack
class ProvisioningIT {

  @WithStack.Inject private static Harness harness;
  private static String app;
  private static String starterId;
  private static String starterUrl;
  private static String businessId;
  private static String businessUrl;

  @BeforeAll
  static void start() {
    app = "it-app-" + harness.owner.substring(3);
  }

  @Test
  @Order(1)
  void provisionsAStarterAddonWithOneNodeAndThePlansLimits() throws Exception {
    Harness.Run run = harness.cli("--app", app, "addons-add", "postgresql", "postgresql-starter-512", "--version", "15.20");
    assertEquals(0, run.exitCode(), run.all());
    starterId = Harness.find(Harness.ID_LINE, run.out());
    starterUrl = Harness.find(Harness.URL_LINE, run.out());
    harness.recordHistory(WorkflowIds.forAddon(starterId), "provision-starter.json");

    var containers = harness.nodesOf(starterId);
    assertEquals(1, containers.size());
    var inspect = harness.docker.inspectContainerCmd(containers.get(0).getId()).exec();
    assertEquals(PlanCatalog.require("postgresql-starter-512").memoryBytes(), inspect.getHostConfig().getMemory());
    assertEquals(500_000_000L, inspect.getHostConfig().getNanoCPUs());
    try (Connection c = Harness.connect(starterUrl); Statement s = c.createStatement()) {
      assertEquals("128MB", Harness.one(s, "SHOW shared_buffers"));
      assertEquals("200", Harness.one(s, "SHOW max_connections"));
      assertTrue(Harness.one(s, "SELECT version()").startsWith("PostgreSQL 15.20"));
    }
  }

  @Test
  @Order(2)
  void theDefaultUserHoldsTheSeedsPrivilegesAndIsProtected() throws Exception {
    try (Connection c = Harness.connect(starterUrl); Statement s = c.createStatement()) {
      String user = Harness.one(s, "SELECT current_user");
      s.execute("CREATE TABLE orders (id bigserial PRIMARY KEY, note text)");
      s.execute("INSERT INTO orders (note) VALUES ('first')");
      assertEquals("t", Harness.one(s, "SELECT has_schema_privilege('" + user + "', 'public', 'CREATE')"));
      assertEquals("t", Harness.one(s, "SELECT has_database_privilege('" + user + "', current_database(), 'CREATE, CONNECT, TEMPORARY')"));
      assertEquals("t", Harness.one(s, "SELECT has_table_privilege('" + user + "', 'orders', 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')"));
      assertEquals("t", Harness.one(s, "SELECT has_sequence_privilege('" + user + "', 'orders_id_seq', 'USAGE, SELECT, UPDATE')"));
      assertEquals("f", Harness.one(s, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"));
      assertEquals("pgaddon:protected", Harness.one(s, "SELECT shobj_description(oid, 'pg_authid') FROM pg_roles WHERE rolname = current_user"));
    }
  }

  @Test
  @Order(3)
  void provisionsABusinessAddonWithAStreamingFollower() throws Exception {
    Harness.Run[] ran = new Harness.Run[1];
    Map<String, String> seen = harness.containersSeenDuring(
        () -> ran[0] = harness.cli("--app", app, "addons-add", "postgresql", "postgresql-business-512"));
    Harness.Run run = ran[0];
    assertEquals(0, run.exitCode(), run.all());
    businessId = Harness.find(Harness.ID_LINE, run.out());
    // No password in any container's environment or command line, one-shot tasks (initdb, pg_basebackup) included.
    assertTrue(seen.keySet().stream().anyMatch(k -> k.endsWith(" task")) && seen.size() >= 4, "containers seen: " + seen.keySet());
    for (String secret : new String[] {SecretStore.SUPERUSER, SecretStore.REPLICATION, SecretStore.DEFAULT_USER,
        SecretStore.ENDPOINT_AUTH, SecretStore.ENDPOINT_ADMIN}) {
      String value = Harness.secret(businessId, secret);
      seen.forEach((container, config) -> assertFalse(config.contains(value), secret + " shows in " + container));
    }
    assertEquals(3, harness.controlRowsOf("port_reservations", businessId), "two nodes and the endpoint hold a port each");
    businessUrl = Harness.find(Harness.URL_LINE, run.out());
    harness.recordHistory(WorkflowIds.forAddon(businessId), "provision-business.json");

    var containers = harness.nodesOf(businessId);
    assertEquals(2, containers.size());
    Container follower = containers.stream().filter(c -> "follower".equals(c.getLabels().get(Labels.ROLE))).findFirst().orElseThrow();
    for (Container c : containers) {
      assertEquals(PlanCatalog.require("postgresql-business-512").memoryBytes(),
          harness.docker.inspectContainerCmd(c.getId()).exec().getHostConfig().getMemory());
    }
    int followerPort = Integer.parseInt(follower.getLabels().get(Labels.PORT));
    Container primaryNode = containers.stream().filter(c -> "primary".equals(c.getLabels().get(Labels.ROLE))).findFirst().orElseThrow();
    int primaryPort = Integer.parseInt(primaryNode.getLabels().get(Labels.PORT));
    assertTrue(java.net.URI.create(businessUrl).getPort() != primaryPort, "the URL points at the endpoint, not at a node");
    try (Connection admin = Harness.superuser(businessId, primaryPort); Statement s = admin.createStatement()) {
      assertEquals("streaming", Harness.one(s, "SELECT r.state FROM pg_stat_replication r "
          + "JOIN pg_replication_slots sl ON sl.active_pid = r.pid WHERE sl.slot_name = 'node2'"));
    }
    try (Connection primary = Harness.connect(businessUrl); Statement s = primary.createStatement()) {
      s.execute("CREATE TABLE events (id int PRIMARY KEY, body text)");
      s.execute("INSERT INTO events VALUES (1, 'written on the primary')");
    }
    try (Connection replica = Harness.connect(businessUrl, followerPort); Statement s = replica.createStatement()) {
      assertEquals("t", Harness.one(s, "SELECT pg_is_in_recovery()"));
      String body = null;
      for (int i = 0; i < 100 && body == null; i++) {
        try (ResultSet rs = s.executeQuery("SELECT body FROM events WHERE id = 1")) {
          body = rs.next() ? rs.getString(1) : null;
        } catch (SQLException notYetReplayed) {
          // the table itself may not be replayed yet
        }
        if (body == null) {
          Thread.sleep(100);
        }
      }
      assertEquals("written on the primary", body);
    }
  }

  @Test
  @Order(4)
  void listsTheAddonsOfTheAppWithTheirStatusAsTheSeedDoes() {
    Harness.Run run = harness.cli("--app", app, "addons");
    assertEquals(0, run.exitCode(), run.all());
    assertTrue(run.out().contains("|   ADDON    |"), run.out());
    assertTrue(Pattern.compile("\\| PostgreSQL \\| " + starterId + " \\| postgresql-starter-512 +\\| 15.20 +\\| running \\|")
        .matcher(run.out()).find(), run.out());
    assertTrue(Pattern.compile("\\| PostgreSQL \\| " + businessId + " \\| postgresql-business-512 \\| \\S+ +\\| running \\|")
        .matcher(run.out()).find(), run.out());
  }

  @Test
  @Order(5)
  void aBusinessAddonWhoseFollowerStopsIsDegradedUntilItsWatchdogRepairsIt() throws Exception {
    harness.awaitWatched(businessId, true);
    Container follower = harness.nodesOf(businessId).stream()
        .filter(c -> "follower".equals(c.getLabels().get(Labels.ROLE))).findFirst().orElseThrow();
    harness.docker.stopContainerCmd(follower.getId()).exec();
    // The API shows the status the worker last observed (degraded), or the repair that runs meanwhile.
    Pattern notRunning = Pattern.compile(businessId + " .*\\| (degraded|repairing[^|]*) \\|");
    Harness.Run run = harness.cli("--app", app, "addons");
    for (int i = 0; i < 60 && !notRunning.matcher(run.out()).find(); i++) {
      Thread.sleep(250);
      run = harness.cli("--app", app, "addons");
    }
    assertTrue(notRunning.matcher(run.out()).find(), run.out());
    var repair = harness.awaitOperation(app, businessId, "repair", 0);
    assertEquals("succeeded", repair.status(), repair.toString());
    Pattern running = Pattern.compile(businessId + " .*\\| running \\|");
    for (int i = 0; i < 60 && !running.matcher(run.out()).find(); i++) {
      Thread.sleep(500);
      run = harness.cli("--app", app, "addons");
    }
    assertTrue(running.matcher(run.out()).find(), "running again without anyone asking: " + run.out());
    assertEquals("sync", harness.syncState(businessId));
  }

  @Test
  @Order(6)
  void badInputGetsOneClearLineAndChangesNothing() {
    int before = harness.docker.listContainersCmd().withShowAll(true).exec().size();

    Harness.Run unknownPlan = harness.cli("--app", app, "addons-add", "postgresql", "postgresql-gold-9");
    assertEquals(2, unknownPlan.exitCode());
    assertTrue(unknownPlan.err().contains("unknown plan 'postgresql-gold-9'"), unknownPlan.err());

    Harness.Run unknownVersion = harness.cli("--app", app, "addons-add", "postgresql", "postgresql-sandbox", "--version", "9.6");
    assertEquals(2, unknownVersion.exitCode(), unknownVersion.all());
    assertTrue(unknownVersion.err().contains("PostgreSQL 9.6 is not offered"), unknownVersion.err());

    Harness.Run unknownApp = harness.cli("--app", "no-such-app", "addons");
    assertEquals(2, unknownApp.exitCode());
    assertTrue(unknownApp.err().contains("unknown app 'no-such-app'"), unknownApp.err());

    Harness.Run unknownAddon = harness.cli("--app", app, "addons-remove", "ad-00000000-0000-0000-0000-000000000000", "--yes");
    assertEquals(2, unknownAddon.exitCode());
    assertTrue(unknownAddon.err().contains("unknown addon"), unknownAddon.err());

    Harness.Run unconfirmed = harness.cli("--app", app, "addons-remove", starterId);
    assertEquals(2, unconfirmed.exitCode());
    assertTrue(unconfirmed.err().contains("--yes"), unconfirmed.err());

    assertEquals(1, unknownPlan.err().strip().lines().count(), unknownPlan.err());
    assertEquals(before, harness.docker.listContainersCmd().withShowAll(true).exec().size());
    assertEquals(1, harness.nodesOf(starterId).size());
  }

  @Test
  @Order(7)
  void removingAnAddonLeavesNoContainerNoVolumeAndNoSecret() throws Exception {
    for (String id : new String[] {starterId, businessId}) {
      Harness.Run run = harness.cli("--app", app, "addons-remove", id, "--yes");
      assertEquals(0, run.exitCode(), run.all());
      assertTrue(harness.containersOf(id).isEmpty());
      assertEquals(0, harness.volumesOf(id));
      assertEquals(0, harness.controlRowsOf("addon_secrets", id), "no secret left");
      assertEquals(0, harness.controlRowsOf("port_reservations", id), "no port held");
    }
    harness.recordHistory(WorkflowIds.forAddon(starterId), "remove-starter.json");
    Harness.Run gone = harness.cli("--app", app, "addons");
    assertEquals(2, gone.exitCode(), "the app has no addon left: " + gone.all());
  }

  @Test
  @Order(8)
  void aProvisioningThatFailsMidwayRemovesEverythingItCreated() throws Exception {
    String addonId = "ad-" + java.util.UUID.randomUUID();
    // A container squatting the follower's name that exits at once: starting the follower must fail.
    java.util.Map<String, String> labels = new java.util.HashMap<>(Labels.forAddon(
        new dev.pgaddon.node.NodeActivities.AddonRef(addonId, app, "postgresql-business-512"), "node2", "node"));
    labels.put(Labels.PORT, "1");
    labels.put(Labels.ROLE, "follower");
    harness.docker.createContainerCmd("pgaddon/postgresql:15.20").withName("pgaddon-" + addonId + "-node2")
        .withLabels(labels).withCmd("true").exec();

    var workflow = harness.client.newWorkflowStub(dev.pgaddon.provision.ProvisionAddonWorkflow.class,
        io.temporal.client.WorkflowOptions.newBuilder().setWorkflowId(WorkflowIds.forAddon(addonId))
            .setTaskQueue(WorkflowIds.taskQueue()).build());
    var failure = org.junit.jupiter.api.Assertions.assertThrows(io.temporal.client.WorkflowFailedException.class,
        () -> workflow.provision(new dev.pgaddon.provision.ProvisionRequest(addonId, app, "postgresql-business-512", "15.20", null)));

    String message = ((io.temporal.failure.ApplicationFailure) failure.getCause()).getOriginalMessage();
    assertTrue(message.contains("stopped while starting"), message);
    assertTrue(message.contains("everything it created was removed"), message);
    assertTrue(harness.containersOf(addonId).isEmpty(), "containers left: " + harness.containersOf(addonId));
    assertEquals(0, harness.volumesOf(addonId));
    harness.recordHistory(WorkflowIds.forAddon(addonId), "provision-failed-cleanup.json");
  }



}
