package dev.pgaddon.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import dev.pgaddon.api.ApiServer;
import dev.pgaddon.control.ControlDatabase;
import dev.pgaddon.control.ControlSettings;
import dev.pgaddon.control.SecretBox;
import dev.pgaddon.docker.DockerEngine;
import dev.pgaddon.docker.Labels;
import dev.pgaddon.node.ImageCatalog;
import dev.pgaddon.operation.WorkflowIds;
import dev.pgaddon.secrets.SecretStore;
import dev.pgaddon.settings.PlatformSettings;
import dev.pgaddon.temporal.CodecKey;
import dev.pgaddon.temporal.PgaddonHome;
import dev.pgaddon.temporal.TemporalClients;
import dev.pgaddon.temporal.TemporalSettings;
import dev.pgaddon.util.Waits;
import dev.pgaddon.worker.PgaddonWorker;
import dev.pgaddon.worker.SearchAttributesRegistration;
import dev.pgaddon.worker.StatusRefreshSchedule;
import io.temporal.client.WorkflowClient;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The system under test, in this JVM: a real worker and the real API on the Temporal service at
 * the given address or an embedded one, next to the real Docker engine and the real control
 * database (a schema of its own), on a task queue of its own. Its settings are a {@link PlatformSettings}
 * it builds and installs (worker processes get them as -D flags). Everything it makes carries an owner label and is removed
 * by {@link #close}.
 */
final class Stack implements AutoCloseable {
  /** A fixed test key, so the histories recorded here can be replayed by the unit tests. */
  static final String TEST_CODEC_KEY = "cGdhZGRvbi1yZXBsYXktdGVzdC1rZXktMzItYnl0ZXM=";

  final String owner = "it-" + UUID.randomUUID().toString().substring(0, 8);
  final DockerClient docker = DockerEngine.connectOrExplain();
  final WorkflowClient client;
  final ControlDatabase control;
  final ApiServer api;
  final String apiUrl;
  /** The secrets of the addons this stack made, as its worker stores them (one stack runs at a time). */
  private static volatile SecretStore secrets;
  private final TestServer.PortBoundTestServer embedded;
  private final PgaddonWorker worker;
  private final ScheduleHandle statusRefresh;
  private final List<WorkerProcess> workerProcesses = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** This stack's settings, by their override names (pgaddon.*): installed here, given to worker processes. */
  private final Map<String, String> overrides = new java.util.LinkedHashMap<>();
  /** This stack's PGADDON_HOME (its keys), deleted with it. */
  private final Path home;

  /**
   * @param temporalAddress a Temporal service to use, or null for an embedded one
   * @param workerInThisJvm false: no worker here; the test starts worker processes ({@link #startWorker})
   */
  Stack(String temporalAddress, boolean workerInThisJvm) throws IOException {
    home = Files.createTempDirectory("pgaddon-it-home");
    shareObjectStoreCredentials(home);
    overrides.put("pgaddon.home", home.toString());
    overrides.put("pgaddon.owner", owner);
    overrides.put("pgaddon.codec.key", TEST_CODEC_KEY);
    // The tests' restart hooks are servers on this host's loopback (RestartHookTest covers the refusal).
    overrides.put("pgaddon.restart.hook.allow.private", "true");
    byte[] secretsKey = new byte[32];
    new java.security.SecureRandom().nextBytes(secretsKey);
    overrides.put("pgaddon.secrets.key", java.util.Base64.getEncoder().encodeToString(secretsKey));
    if (temporalAddress == null) {
      int port = freePort();
      embedded = TestServer.createPortBoundServer(port);
      overrides.put("pgaddon.temporal.address", "127.0.0.1:" + port);
    } else {
      overrides.put("pgaddon.temporal.address", temporalAddress);
      embedded = null;
    }
    overrides.put("pgaddon.task.queue", "pgaddon-" + owner);
    Map<String, String> all = new java.util.HashMap<>(overrides);
    all.put("user.home", System.getProperty("user.home"));
    PlatformSettings.install(PlatformSettings.from(System.getenv(), all));
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
  }

  /**
   * A worker process on this stack's queue, schema, key and owner. {@code properties} add to
   * them (a heartbeat timeout for a kill test).
   */
  WorkerProcess startWorker(String name, Map<String, String> properties, WorkerProcess.Trigger... triggers)
      throws IOException, InterruptedException {
    Map<String, String> all = new java.util.LinkedHashMap<>();
    for (String key : List.of("pgaddon.home", "pgaddon.owner", "pgaddon.temporal.address", "pgaddon.task.queue",
        "pgaddon.restart.hook.allow.private")) {
      all.put(key, overrides.get(key));
    }
    all.put("pgaddon.database.schema", control.settings().schema());
    all.putAll(properties);
    // Keys go in its environment, which only this user can read, never on its command line.
    Map<String, String> environment = Map.of("PGADDON_CODEC_KEY", overrides.get("pgaddon.codec.key"),
        "PGADDON_SECRETS_KEY", overrides.get("pgaddon.secrets.key"));
    WorkerProcess process = WorkerProcess.start(owner + "-" + name, all, environment, List.of(triggers));
    workerProcesses.add(process);
    return process;
  }

  /** A credential the worker stored for the addon. */
  static String secret(String addonId, String name) {
    return secrets.require(addonId, name);
  }

  /**
   * Watches this stack's containers while {@code action} runs, and returns the environment and
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
            } catch (NotFoundException gone) {
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
        }, control::dropSchema, control::close, this::deleteHome, () -> {
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
    // An addon whose containers a test deleted (a lost host) left a repository and a copy in the store too.
    try (var c = control.dataSource().getConnection(); var rs = c.createStatement().executeQuery("SELECT id FROM addons")) {
      while (rs.next()) {
        addons.add(rs.getString(1));
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("cannot list this stack's addons", e);
    }
    addons.stream().filter(dev.pgaddon.operation.AddonNames::isAddonId).forEach(this::removeBackupRepository);
    addons.stream().filter(dev.pgaddon.operation.AddonNames::isAddonId).forEach(this::purgeStoreCopy);
  }

  /**
   * The object store the bootstrap started (scripts/objectstore.sh) serves this stack's workers too: its keys
   * and CA are in the machine's home, this stack's home is a directory of its own.
   */
  private static void shareObjectStoreCredentials(Path home) throws IOException {
    String machineHome = System.getenv("PGADDON_HOME");
    Path credentials = (machineHome == null || machineHome.isBlank() ? Path.of(System.getProperty("user.home"), ".pgaddon")
        : Path.of(machineHome)).resolve("objectstore");
    if (Files.isDirectory(credentials)) {
      Files.createSymbolicLink(home.resolve("objectstore"), credentials);
    }
  }

  private void deleteHome() {
    try (var paths = Files.walk(home)) {
      // A link (the object store's credentials) is deleted, not followed.
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** What the shipper copied of an addon the test left. */
  private void purgeStoreCopy(String addonId) {
    var objectStore = dev.pgaddon.backup.ObjectStore.fromEnvironment(PgaddonHome.fromEnvironment().path(), System::getenv);
    List<String> versions = new ImageCatalog(docker).versions();
    if (versions.isEmpty()) {
      return;
    }
    dev.pgaddon.backup.BackupMounts.purgeStoreCopy(new dev.pgaddon.node.NodeTasks(docker), objectStore,
        new dev.pgaddon.node.NodeActivities.AddonRef(addonId, "-", "-"),
        dev.pgaddon.docker.NodeLayout.image(versions.get(versions.size() - 1)));
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
