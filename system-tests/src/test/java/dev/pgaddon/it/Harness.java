package dev.pgaddon.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import dev.pgaddon.api.ApiServer;
import dev.pgaddon.cli.Pgaddon;
import dev.pgaddon.control.ControlDatabase;
import dev.pgaddon.control.ControlSettings;
import dev.pgaddon.control.SecretBox;
import dev.pgaddon.node.ImageCatalog;
import dev.pgaddon.operation.WorkflowIds;
import dev.pgaddon.worker.StatusRefreshSchedule;
import io.temporal.client.schedules.ScheduleHandle;
import java.time.Duration;
import dev.pgaddon.docker.DockerEngine;
import dev.pgaddon.docker.Labels;
import dev.pgaddon.probe.PostgresUrl;
import dev.pgaddon.secrets.SecretStore;
import dev.pgaddon.temporal.CodecKey;
import dev.pgaddon.temporal.PgaddonHome;
import dev.pgaddon.temporal.TemporalClients;
import dev.pgaddon.temporal.TemporalSettings;
import dev.pgaddon.worker.PgaddonWorker;
import dev.pgaddon.worker.SearchAttributesRegistration;
import io.temporal.client.WorkflowClient;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import dev.pgaddon.util.Waits;
import java.sql.ResultSet;
import java.util.UUID;
import picocli.CommandLine;

/**
 * A real worker and the real API in this JVM, on the Temporal service at TEMPORAL_ADDRESS or an
 * embedded one, next to the real Docker engine and the real control database (a schema of its
 * own); the CLI runs in-process and reaches the API over HTTP with an admin token. Everything it
 * makes carries an owner label and is removed at the end.
 */
final class Harness implements AutoCloseable {
  /** A fixed test key, so the histories recorded here can be replayed by the unit tests. */
  static final String TEST_CODEC_KEY = "cGdhZGRvbi1yZXBsYXktdGVzdC1rZXktMzItYnl0ZXM=";

  final String owner = "it-" + UUID.randomUUID().toString().substring(0, 8);
  final DockerClient docker = DockerEngine.connectOrExplain();
  final WorkflowClient client;
  final ControlDatabase control;
  final ApiServer api;
  final String apiUrl;
  /** An admin token: the CLI's, unless a test sets another. */
  final String adminToken;
  /** The secrets of the addons this harness made, as its worker stores them (one harness runs at a time). */
  private static volatile SecretStore secrets;
  private final TestServer.PortBoundTestServer embedded;
  private final PgaddonWorker worker;
  private final ScheduleHandle statusRefresh;

  Harness() throws IOException {
    this(System.getenv("TEMPORAL_ADDRESS"));
  }

  Harness(String temporalAddress) throws IOException {
    this(temporalAddress, true);
  }

  /**
   * @param temporalAddress a Temporal service to use, or null for an embedded one
   * @param workerInThisJvm false: no worker here; the test starts worker processes ({@link #startWorker})
   */
  Harness(String temporalAddress, boolean workerInThisJvm) throws IOException {
    Path home = Files.createTempDirectory("pgaddon-it-home");
    System.setProperty("pgaddon.home", home.toString());
    System.setProperty("pgaddon.owner", owner);
    System.setProperty("pgaddon.codec.key", TEST_CODEC_KEY);
    // The tests' restart hooks are servers on this host's loopback (RestartHookTest covers the refusal).
    System.setProperty("pgaddon.restart.hook.allow.private", "true");
    byte[] secretsKey = new byte[32];
    new java.security.SecureRandom().nextBytes(secretsKey);
    System.setProperty("pgaddon.secrets.key", java.util.Base64.getEncoder().encodeToString(secretsKey));
    if (temporalAddress != null) {
      System.setProperty("pgaddon.temporal.address", temporalAddress);
    }
    if (temporalAddress == null) {
      int port = freePort();
      embedded = TestServer.createPortBoundServer(port);
      System.setProperty("pgaddon.temporal.address", "127.0.0.1:" + port);
    } else {
      embedded = null;
    }
    System.setProperty("pgaddon.task.queue", "pgaddon-" + owner);
    TemporalSettings settings = TemporalSettings.fromEnvironment();
    var stubs = TemporalClients.serviceStubs(settings);
    SearchAttributesRegistration.ensure(stubs, settings.namespace());
    CodecKey key = CodecKey.load(PgaddonHome.fromEnvironment());
    client = TemporalClients.client(stubs, settings, key);
    control = ControlDatabase.open(ControlSettings.fromEnvironment().withSchema("it_" + owner.substring(3)));
    worker = workerInThisJvm ? PgaddonWorker.start(client, PgaddonHome.fromEnvironment(), control) : null;
    secrets = new SecretStore(control.secrets(new SecretBox(CodecKey.workerSecrets(PgaddonHome.fromEnvironment()).key())),
        PgaddonHome.fromEnvironment());
    // What a worker's refresh reports; done here at once so the first request finds the catalog.
    control.versions().report(new ImageCatalog(docker).versions());
    statusRefresh = StatusRefreshSchedule.ensure(client, WorkflowIds.taskQueue(), Duration.ofSeconds(5));
    api = ApiServer.start("127.0.0.1", 0, control, client, new SecretBox(key.key()));
    apiUrl = "http://127.0.0.1:" + api.port();
    adminToken = control.tokens().create(List.of(), true, "integration tests").secret();
    System.setProperty("pgaddon.api.url", apiUrl);
    System.setProperty("pgaddon.api.token", adminToken);
  }

  private final List<WorkerProcess> workerProcesses = new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * A worker process on this harness's queue, schema, key and owner. {@code properties} add to
   * them (a heartbeat timeout for a kill test).
   */
  WorkerProcess startWorker(String name, Map<String, String> properties, WorkerProcess.Trigger... triggers)
      throws IOException, InterruptedException {
    Map<String, String> all = new java.util.LinkedHashMap<>();
    for (String key : List.of("pgaddon.home", "pgaddon.owner", "pgaddon.temporal.address", "pgaddon.task.queue",
        "pgaddon.restart.hook.allow.private")) {
      all.put(key, System.getProperty(key));
    }
    all.put("pgaddon.database.schema", control.settings().schema());
    all.putAll(properties);
    // Keys go in its environment, which only this user can read, never on its command line.
    Map<String, String> environment = Map.of("PGADDON_CODEC_KEY", System.getProperty("pgaddon.codec.key"),
        "PGADDON_SECRETS_KEY", System.getProperty("pgaddon.secrets.key"));
    WorkerProcess process = WorkerProcess.start(owner + "-" + name, all, environment, List.of(triggers));
    workerProcesses.add(process);
    return process;
  }

  /** A token that reaches only these apps. */
  String tokenFor(String... apps) {
    return control.tokens().create(List.of(apps), false, "integration tests").secret();
  }

  record Run(int exitCode, String out, String err) {
    String all() {
      return out + err;
    }
  }

  Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Pgaddon.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    cli.getOut().flush();
    cli.getErr().flush();
    return new Run(code, out.toString(), err.toString());
  }

  /** A JDBC connection from a postgres:// URL as the CLI prints it. */
  static Connection connect(String url) throws SQLException {
    return PostgresUrl.connect(url);
  }

  /** The endpoint and database of a postgres:// URL, as a JDBC URL without credentials. */
  static String jdbcUrl(String url) {
    return "jdbc:postgresql://" + url.substring(url.indexOf('@') + 1);
  }

  /** @param jdbcUrl the endpoint's ({@link #jdbcUrl}) or a node's */
  static Connection connectAs(String jdbcUrl, String user, String password) throws SQLException {
    java.util.Properties credentials = new java.util.Properties();
    credentials.setProperty("user", user);
    credentials.setProperty("password", password);
    return DriverManager.getConnection(jdbcUrl, credentials);
  }

  static Connection connect(String url, int port) throws SQLException {
    return PostgresUrl.connect(url, port);
  }

  /** As the addon's superuser, with the credential the worker stored (for checks a user may not run). */
  static Connection superuser(String addonId, int port) throws SQLException {
    return superuser(addonId, port, "postgres");
  }

  static Connection superuser(String addonId, int port, String database) throws SQLException {
    String password = secret(addonId, SecretStore.SUPERUSER);
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, "postgres", password);
  }

  /** Rows of a control table (addon_secrets, port_reservations) that name the addon. */
  int controlRowsOf(String table, String addonId) throws SQLException {
    if (!table.matches("[a-z_]+")) {
      throw new IllegalArgumentException(table);
    }
    try (Connection c = control.dataSource().getConnection();
        var s = c.prepareStatement("SELECT count(*) FROM " + table + " WHERE addon_id = ?")) {
      s.setString(1, addonId);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /**
   * Watches this harness's containers while {@code action} runs, and returns the environment and
   * command line of each one seen (one-shot task containers included, caught while they ran).
   */
  Map<String, String> containersSeenDuring(Runnable action) throws InterruptedException {
    Map<String, String> seen = new java.util.concurrent.ConcurrentHashMap<>();
    java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
    Thread spy = new Thread(() -> {
      while (!done.get()) {
        for (Container c : docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Labels.OWNER, owner)).exec()) {
          String name = c.getNames()[0] + " " + c.getLabels().get(Labels.KIND);
          if (!seen.containsKey(name)) {
            try {
              var config = docker.inspectContainerCmd(c.getId()).exec().getConfig();
              seen.put(name, java.util.Arrays.toString(config.getEnv()) + " " + java.util.Arrays.toString(config.getCmd()));
            } catch (com.github.dockerjava.api.exception.NotFoundException gone) {
              // a task that ended between the list and the inspect
            }
          }
        }
        Waits.sleep(50);
      }
    });
    spy.start();
    try {
      action.run();
    } finally {
      done.set(true);
      spy.join();
    }
    return seen;
  }

  /** A credential the worker stored for the addon. */
  static String secret(String addonId, String name) {
    return secrets.require(addonId, name);
  }

  /** An addon the CLI added: its id and the connection URL it printed. */
  record Added(String id, String url) {}

  /** addons-add through the CLI, which must succeed; {@code version} null for the newest offered. */
  Added addAddon(String app, String plan, String version) {
    Run add = version == null ? cli("--app", app, "addons-add", "postgresql", plan)
        : cli("--app", app, "addons-add", "postgresql", plan, "--version", version);
    if (add.exitCode() != 0) {
      throw new AssertionError("addons-add " + plan + " exited " + add.exitCode() + ": " + add.all());
    }
    return new Added(find(ID_LINE, add.out()), find(URL_LINE, add.out()));
  }

  /** What addons-add prints: the addon id and its connection URL. */
  static final java.util.regex.Pattern ID_LINE = java.util.regex.Pattern.compile("ID: (ad-[0-9a-f-]+)");
  static final java.util.regex.Pattern URL_LINE = java.util.regex.Pattern.compile("Connection URL: (postgres://\\S+)");

  /** The first group of {@code pattern} in the CLI's output. */
  static String find(java.util.regex.Pattern pattern, String text) {
    java.util.regex.Matcher m = pattern.matcher(text);
    org.junit.jupiter.api.Assertions.assertTrue(m.find(), "no " + pattern + " in: " + text);
    return m.group(1);
  }

  static String one(java.sql.Statement s, String sql) throws SQLException {
    try (java.sql.ResultSet rs = s.executeQuery(sql)) {
      org.junit.jupiter.api.Assertions.assertTrue(rs.next(), sql);
      return rs.getString(1);
    }
  }

  /** The PostgreSQL node containers of an addon (not its endpoint nor one-shot tasks). */
  List<Container> nodesOf(String addonId) {
    return containersOf(addonId).stream().filter(c -> "node".equals(c.getLabels().get(Labels.KIND))).toList();
  }

  List<Container> containersOf(String addonId) {
    return docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Labels.ADDON, addonId)).exec();
  }

  int volumesOf(String addonId) {
    var volumes = docker.listVolumesCmd().withFilter("label", List.of(Labels.ADDON + "=" + addonId)).exec().getVolumes();
    return volumes == null ? 0 : volumes.size();
  }

  /** Writes the history of a finished workflow where the replay tests can pick it up. */
  void recordHistory(String workflowId, String fileName) throws IOException {
    writeHistory(fileName, client.fetchHistory(workflowId));
  }

  private static void writeHistory(String fileName, io.temporal.common.WorkflowExecutionHistory history) throws IOException {
    Path dir = Path.of("target", "recorded-histories");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(fileName), history.toJson(true));
  }

  /** The history of one completed run of this harness's status refresh schedule. */
  void recordStatusRefreshHistory(String fileName) throws IOException {
    recordScheduledHistory("RefreshStatus", fileName);
  }

  /** A completed run of a workflow that a schedule started on this harness's queue. */
  void recordScheduledHistory(String workflowType, String fileName) throws IOException {
    var run = client.listExecutions("WorkflowType = '" + workflowType + "' AND ExecutionStatus = 'Completed'")
        .filter(e -> e.getTaskQueue().equals(WorkflowIds.taskQueue())).findFirst()
        .orElseThrow(() -> new AssertionError("no completed " + workflowType + " on " + WorkflowIds.taskQueue()));
    writeHistory(fileName, client.fetchHistory(run.getExecution().getWorkflowId(), run.getExecution().getRunId()));
  }

  /** Waits until the addon's watchdog runs and its primary commits synchronously (business plans). */
  void awaitWatched(String addonId, boolean synchronous) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    String state = "no watchdog";
    while (System.nanoTime() < deadline) {
      try {
        var status = client.newUntypedWorkflowStub(WorkflowIds.watchdogOf(addonId)).describe().getStatus();
        state = "watchdog " + status;
        if (status == io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING
            && (!synchronous || "sync".equals(state = syncState(addonId)))) {
          Thread.sleep(2000); // its first checks
          return;
        }
      } catch (io.temporal.client.WorkflowNotFoundException notYet) {
        // the status refresh starts it within seconds
      }
      Thread.sleep(500);
    }
    throw new AssertionError("addon " + addonId + " is not watched (" + state + ")");
  }

  /** The follower's state once it is synchronous, or what it was after a minute of waiting. */
  String awaitSync(String addonId) throws Exception {
    String state = "";
    for (int i = 0; i < 60; i++) {
      state = syncState(addonId);
      if ("sync".equals(state)) {
        return state;
      }
      Thread.sleep(1000);
    }
    return state;
  }

  /** What the primary says of its follower: sync, async, or "" when none streams. */
  String syncState(String addonId) throws SQLException {
    for (Container n : nodesOf(addonId)) {
      int port = Integer.parseInt(n.getLabels().get(Labels.PORT));
      try (Connection c = superuser(addonId, port); java.sql.Statement s = c.createStatement()) {
        if ("f".equals(one(s, "SELECT pg_is_in_recovery()"))) {
          return one(s, "SELECT coalesce(string_agg(sync_state, ','), '') FROM pg_stat_replication");
        }
      } catch (SQLException down) {
        // the other node
      }
    }
    return "no primary";
  }

  /** The node container that answers as primary (or as follower). */
  Container nodeAnswering(String addonId, boolean primary) throws SQLException {
    for (Container n : nodesOf(addonId)) {
      int port = Integer.parseInt(n.getLabels().get(Labels.PORT));
      try (Connection c = superuser(addonId, port); java.sql.Statement s = c.createStatement()) {
        if (primary == "f".equals(one(s, "SELECT pg_is_in_recovery()"))) {
          return n;
        }
      } catch (SQLException down) {
        // not this one
      }
    }
    throw new AssertionError("no node of " + addonId + " answers as " + (primary ? "primary" : "follower"));
  }

  /**
   * The operations the addon's watchdog tried to start (its current run's history), refused ones
   * included: what it decided, whether or not Temporal let it run.
   */
  long watchdogActions(String addonId) {
    return client.fetchHistory(WorkflowIds.watchdogOf(addonId)).getEvents().stream()
        .filter(e -> e.getEventType()
            == io.temporal.api.enums.v1.EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED)
        .count();
  }

  /** The operations of an addon the control database recorded, newest first. */
  List<dev.pgaddon.control.OperationRecord> operationsOf(String app, String addonId) {
    return control.operations().ofApp(app, addonId, 100, 0);
  }

  /** Waits for an operation of this kind (started by the watchdog) to end, and returns it. */
  dev.pgaddon.control.OperationRecord awaitOperation(String app, String addonId, String kind, int after) throws Exception {
    long deadline = System.nanoTime() + 300_000_000_000L;
    while (System.nanoTime() < deadline) {
      var ops = operationsOf(app, addonId).stream().filter(o -> o.kind().equals(kind)).toList();
      if (ops.size() > after && !ops.get(0).running()) {
        return ops.get(0);
      }
      Thread.sleep(500);
    }
    throw new AssertionError("no " + kind + " of " + addonId + " ended within 300 s: " + operationsOf(app, addonId));
  }

  /** Worker processes started by a test make the daily backups' schedule of its queue: it goes with the test. */
  private void deleteBackupSweep() {
    try {
      io.temporal.client.schedules.ScheduleClient.newInstance(client.getWorkflowServiceStubs(),
          io.temporal.client.schedules.ScheduleClientOptions.newBuilder().setNamespace(client.getOptions().getNamespace()).build())
          .getHandle(dev.pgaddon.worker.PeriodicBackupsSchedule.id(WorkflowIds.taskQueue())).delete();
    } catch (io.temporal.client.schedules.ScheduleException | io.grpc.StatusRuntimeException absent) {
      // none was made (the in-process worker does not make one)
    }
  }

  /** Watchdogs stop before the nodes are removed: else they would see every node fail. */
  private void stopWatchdogs() {
    try {
      client.listExecutions("WorkflowType = 'WatchAddon' AND ExecutionStatus = 'Running'")
          .filter(e -> e.getTaskQueue().equals(WorkflowIds.taskQueue()))
          .forEach(e -> client.newUntypedWorkflowStub(e.getExecution().getWorkflowId())
              .terminate("the integration test is over"));
    } catch (RuntimeException unsupported) {
      // the embedded test server lists nothing: its watchdogs end with it
    }
  }

  /** Each step runs even when one before it fails: a schedule or a schema left behind would outlive the test. */
  @Override
  public void close() {
    List<Runnable> steps = List.of(() -> {
      if (statusRefresh != null) {
        statusRefresh.delete();
      }
    }, this::deleteBackupSweep, this::stopWatchdogs, () -> workerProcesses.forEach(WorkerProcess::kill), this::removeContainersAndVolumes, api::close,
        () -> {
          if (worker != null) {
            worker.close();
          }
        }, control::dropSchema, control::close, () -> {
      if (embedded != null) {
        embedded.close();
      }
    });
    RuntimeException first = null;
    for (Runnable step : steps) {
      try {
        step.run();
      } catch (RuntimeException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private void removeContainersAndVolumes() {
    java.util.Set<String> addons = new java.util.TreeSet<>();
    for (Container c : docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Labels.OWNER, owner)).exec()) {
      addons.add(c.getLabels().getOrDefault(Labels.ADDON, ""));
      try {
        docker.removeContainerCmd(c.getId()).withForce(true).exec();
      } catch (NotFoundException gone) {
        // already removed
      }
    }
    var volumes = docker.listVolumesCmd().withFilter("label", List.of(Labels.OWNER + "=" + owner)).exec().getVolumes();
    if (volumes != null) {
      volumes.forEach(v -> addons.add(v.getLabels() == null ? "" : v.getLabels().getOrDefault(Labels.ADDON, "")));
      volumes.forEach(v -> docker.removeVolumeCmd(v.getName()).exec());
    }
    for (var network : docker.listNetworksCmd().withFilter("label", List.of(Labels.OWNER + "=" + owner)).exec()) {
      try {
        docker.removeNetworkCmd(network.getId()).exec();
      } catch (NotFoundException gone) {
        // already removed
      }
    }
    addons.stream().filter(dev.pgaddon.operation.AddonNames::isAddonId).forEach(this::removeBackupRepository);
  }

  /** The backups and archived WAL of an addon the test left (this process runs on the engine's host). */
  private void removeBackupRepository(String addonId) {
    Path dir = dev.pgaddon.backup.BackupRepository.fromEnvironment().addonDirectory(addonId);
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }


  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
