package dev.pgaddon.endpoint;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.RestartPolicy;
import dev.pgaddon.docker.ContainerFile;
import dev.pgaddon.docker.Labels;
import dev.pgaddon.docker.PortAllocator;
import dev.pgaddon.node.NodeAddress;
import dev.pgaddon.operation.AddonNames;
import dev.pgaddon.plan.PlanCatalog;
import dev.pgaddon.secrets.SecretStore;
import dev.pgaddon.util.Waits;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public class EndpointActivitiesImpl implements EndpointActivities {
  private static final Logger log = LoggerFactory.getLogger(EndpointActivitiesImpl.class);
  public static final String IMAGE = "pgaddon/pgbouncer:latest";
  public static final String NODE_NAME = "endpoint";

  private final DockerClient docker;
  private final SecretStore secrets;
  private final PortAllocator ports;
  private final ContainerFile configFile;
  private final dev.pgaddon.docker.AddonNetworks networks;
  private final Map<String, String> databases = new java.util.concurrent.ConcurrentHashMap<>();

  public EndpointActivitiesImpl(DockerClient docker, SecretStore secrets, PortAllocator ports) {
    this.docker = docker;
    this.secrets = secrets;
    this.ports = ports;
    this.configFile = new ContainerFile(docker);
    this.networks = new dev.pgaddon.docker.AddonNetworks(docker);
  }

  @Override
  public NodeAddress startEndpoint(StartEndpointInput input) {
    String name = AddonNames.containerName(input.addon().addonId(), NODE_NAME);
    InspectContainerResponse existing = inspect(name);
    if (existing != null && "created".equals(existing.getState().getStatus())) {
      // Never started: an earlier attempt may have been lost before its files were put in. Made again.
      docker.removeContainerCmd(name).withForce(true).exec();
      existing = null;
    }
    String addonId = input.addon().addonId();
    int port;
    if (existing != null) {
      port = Integer.parseInt(existing.getConfig().getLabels().get(Labels.PORT));
      ports.adopt(addonId, NODE_NAME, port);
    } else {
      port = ports.allocate(addonId, NODE_NAME, p -> {
        create(name, input, p);
        return p;
      });
    }
    log.info("step start-endpoint: {} on port {} -> primary port {}", name, port, input.primary().port());
    if (existing == null || !Boolean.TRUE.equals(existing.getState().getRunning())) {
      docker.startContainerCmd(name).exec();
    }
    NodeAddress address = new NodeAddress(NODE_NAME, name, "127.0.0.1", port);
    awaitAdminConsole(input.addon().addonId(), address);
    log.info("step start-endpoint: {} answers", name);
    return address;
  }

  @Override
  public EndpointState pause(EndpointRef input) {
    log.info("step pause-endpoint: PAUSE on {}", input.endpoint().container());
    admin(input.addonId(), input.endpoint(), "PAUSE", "already");
    log.info("step pause-endpoint: paused, no transaction in flight");
    return new EndpointState("paused");
  }

  @Override
  public EndpointState resume(EndpointRef input) {
    admin(input.addonId(), input.endpoint(), "RESUME", "not paused");
    log.info("step resume-endpoint: RESUME on {}", input.endpoint().container());
    return new EndpointState("running");
  }

  @Override
  public EndpointState repoint(RepointInput input) {
    long started = System.nanoTime();
    // Every millisecond here is clients' stall: the console's login (SCRAM) runs while the file is written.
    CompletableFuture<AdminConsole> console = CompletableFuture.supplyAsync(() -> connect(input.addonId(), input.endpoint()));
    try {
      writeConfig(input);
      applyOn(join(console), input.endpoint());
    } catch (RuntimeException e) {
      console.thenAccept(AdminConsole::close);
      throw e;
    }
    log.info("step repoint-endpoint: {} now points at port {} ({} ms)", input.endpoint().container(), input.primary().port(),
        (System.nanoTime() - started) / 1_000_000);
    return new EndpointState("points at " + input.primary().node());
  }

  @Override
  public EndpointState stage(RepointInput input) {
    writeConfig(input);
    log.info("step stage-endpoint-config: {} will point at port {} at its next RELOAD", input.endpoint().container(),
        input.primary().port());
    return new EndpointState("staged for " + input.primary().node());
  }

  @Override
  public EndpointState apply(EndpointRef input) {
    applyOn(connect(input.addonId(), input.endpoint()), input.endpoint());
    log.info("step apply-endpoint-config: {} reloaded and resumed", input.endpoint().container());
    return new EndpointState("running");
  }

  private void writeConfig(RepointInput input) {
    String ini = PgBouncerConfig.ini(databaseOf(input.endpoint().container()),
        networks.address(input.addonId(), input.primary().node()), input.primary().port(),
        input.endpoint().port(), PlanCatalog.require(input.planId()).maxConnections());
    configFile.write(input.endpoint().container(), PgBouncerConfig.INI, ini);
  }

  /** RESUME may find the pooler running: a retried step is no failure. */
  private static void applyOn(AdminConsole console, NodeAddress endpoint) {
    try (console) {
      run(console, endpoint, List.of("RELOAD", "RECONNECT", "RESUME"), "not paused");
    }
  }

  /** The endpoint's database: a label of its container, which never changes, so read once. */
  private String databaseOf(String endpointContainer) {
    return databases.computeIfAbsent(endpointContainer, c -> inspect(c).getConfig().getLabels().get(Labels.DATABASE));
  }

  private void create(String name, StartEndpointInput input, int port) {
    Map<String, String> labels = Labels.forAddon(input.addon(), NODE_NAME, "endpoint");
    labels.put(Labels.PORT, Integer.toString(port));
    labels.put(Labels.DATABASE, databaseOf(input));
    if (input.restartHook() != null && !input.restartHook().isBlank()) {
      labels.put(Labels.RESTART_HOOK, input.restartHook());
    }
    String userlist = PgBouncerConfig.userlist(
        secrets.getOrCreate(input.addon().addonId(), SecretStore.ENDPOINT_AUTH),
        secrets.getOrCreate(input.addon().addonId(), SecretStore.ENDPOINT_ADMIN));
    String ini = PgBouncerConfig.ini(databaseOf(input), networks.address(input.addon().addonId(), input.primary().node()),
        input.primary().port(), port,
        PlanCatalog.require(input.addon().planId()).maxConnections());
    com.github.dockerjava.api.model.HostConfig onItsNetwork = networks.hostConfig(input.addon(), port);
    String id = docker.createContainerCmd(IMAGE)
        .withName(name)
        .withLabels(labels)
        .withUser("postgres")
        // Both files are put into the container before its first start (no password in its environment).
        .withCmd("pgbouncer", PgBouncerConfig.INI)
        .withExposedPorts(com.github.dockerjava.api.model.ExposedPort.tcp(port))
        .withAliases(NODE_NAME)
        .withIpv4Address(networks.address(input.addon().addonId(), NODE_NAME))
        .withHostConfig(onItsNetwork
            .withMemory(64L * 1024 * 1024)
            .withRestartPolicy(RestartPolicy.unlessStoppedRestart()))
        .exec().getId();
    // Written once before the first start; after that only re-pointing rewrites the config.
    configFile.createPrivate(id, PgBouncerConfig.DIR, Map.of(PgBouncerConfig.INI_NAME, ini, PgBouncerConfig.USERLIST_NAME, userlist));
  }

  private String databaseOf(StartEndpointInput input) {
    String primary = input.primary().container();
    return inspect(primary).getConfig().getLabels().get(Labels.DATABASE);
  }

  private void awaitAdminConsole(String addonId, NodeAddress endpoint) {
    long deadline = System.nanoTime() + 60_000_000_000L;
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      try {
        admin(addonId, endpoint, "SHOW VERSION", null);
        return;
      } catch (RuntimeException e) {
        last = e;
      }
      Waits.sleep(200);
    }
    throw new IllegalStateException(endpoint.container() + " did not answer within 60 s: " + last.getMessage());
  }

  /**
   * Commands on PgBouncer's admin console, one connection for all of them. A refusal containing
   * {@code benign} is no error: PAUSE when paused, RESUME when running.
   */
  private void admin(String addonId, NodeAddress endpoint, String command, String benign) {
    admin(addonId, endpoint, List.of(command), benign);
  }

  private void admin(String addonId, NodeAddress endpoint, List<String> commands, String benign) {
    try (AdminConsole console = connect(addonId, endpoint)) {
      run(console, endpoint, commands, benign);
    }
  }

  private AdminConsole connect(String addonId, NodeAddress endpoint) {
    try {
      return AdminConsole.connect(endpoint.host(), endpoint.port(), PgBouncerConfig.ADMIN_USER,
          secrets.require(addonId, SecretStore.ENDPOINT_ADMIN));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("admin console of " + endpoint.container() + ": " + e.getMessage(), e);
    }
  }

  private static void run(AdminConsole console, NodeAddress endpoint, List<String> commands, String benign) {
    for (String command : commands) {
      try {
        console.run(command);
      } catch (AdminConsole.CommandRefused refused) {
        if (benign == null || !refused.getMessage().contains(benign)) {
          throw new IllegalStateException(command + " on " + endpoint.container() + " failed: " + refused.getMessage());
        }
      } catch (java.io.IOException e) {
        throw new IllegalStateException("admin console of " + endpoint.container() + ": " + e.getMessage(), e);
      }
    }
  }

  private static AdminConsole join(CompletableFuture<AdminConsole> console) {
    try {
      return console.join();
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }
  }

  private InspectContainerResponse inspect(String name) {
    try {
      return docker.inspectContainerCmd(name).exec();
    } catch (NotFoundException absent) {
      return null;
    }
  }

}
