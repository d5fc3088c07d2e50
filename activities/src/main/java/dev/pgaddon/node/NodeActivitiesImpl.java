package dev.pgaddon.node;

import dev.pgaddon.backup.BackupMounts;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.RestartPolicy;
import dev.pgaddon.control.AddonStore;
import dev.pgaddon.docker.AddonNetworks;
import dev.pgaddon.docker.DataVolumes;
import dev.pgaddon.docker.Labels;
import dev.pgaddon.docker.NodeLayout;
import dev.pgaddon.docker.PortAllocator;
import dev.pgaddon.docker.ScriptResult.Outcome;
import dev.pgaddon.inventory.AddonInventory;
import dev.pgaddon.inventory.AddonView;
import dev.pgaddon.node.NodeTasks.Mounts;
import dev.pgaddon.operation.AddonNames;
import dev.pgaddon.operation.Failures;
import dev.pgaddon.plan.Plan;
import dev.pgaddon.plan.PlanCatalog;
import dev.pgaddon.secrets.SecretStore;
import dev.pgaddon.sql.PostgresConnections;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public class NodeActivitiesImpl implements NodeActivities {
  private static final Logger log = LoggerFactory.getLogger(NodeActivitiesImpl.class);

  /** A primary that stopped answering gets this long for a clean shutdown before it is killed. */
  private static final int FENCE_GRACE_SECONDS = 2;

  private final DockerClient docker;
  private final SecretStore secrets;
  private final PostgresConnections connections;
  private final ImageCatalog images;
  private final NodeTasks tasks;
  private final PortAllocator ports;
  private final AddonInventory inventory;
  private final RejoinChecks rejoin;
  private final PrimaryRelease release;
  private final BackupMounts backups;
  private final AddonNetworks networks;
  private final NodeContainers nodes;

  private final AddonStore records;

  public NodeActivitiesImpl(DockerClient docker, SecretStore secrets, PostgresConnections connections, PortAllocator ports,
      BackupMounts backups, AddonStore records) {
    this.records = records;
    this.docker = docker;
    this.backups = backups;
    this.secrets = secrets;
    this.connections = connections;
    this.images = new ImageCatalog(docker);
    this.tasks = new NodeTasks(docker);
    this.networks = new AddonNetworks(docker);
    this.ports = ports;
    this.inventory = new AddonInventory(docker);
    this.rejoin = new RejoinChecks(connections);
    this.nodes = new NodeContainers(docker, connections, backups);
    this.release = new PrimaryRelease(inventory, connections);
  }

  @Override
  public ResolvedVersion resolveVersion(VersionRequest request) {
    List<String> available = images.versions();
    if (available.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "no PostgreSQL image is built on this engine; run scripts/bootstrap.sh", Failures.INVALID_REQUEST);
    }
    String version = request.requested() == null ? available.get(available.size() - 1) : request.requested();
    if (!available.contains(version)) {
      throw ApplicationFailure.newNonRetryableFailure("PostgreSQL " + version + " is not offered; available: "
          + String.join(", ", available), Failures.INVALID_REQUEST);
    }
    return new ResolvedVersion(version, NodeLayout.image(version), available);
  }

  @Override
  public InitPrimaryResult initPrimary(InitPrimaryInput input) {
    String volume = DataVolumes.ensure(docker, input.addon(), input.node());
    String password = secrets.getOrCreate(input.addon().addonId(), SecretStore.SUPERUSER);
    var result = tasks.run("initdb", input.addon(), input.node(), input.image(), Mounts.volume(volume), List.of(),
        Map.of("PGADDON_SUPERUSER_PASSWORD", password), List.of("pgaddon-initdb"));
    return new InitPrimaryResult(result.outcome() != Outcome.NOTHING_TO_DO);
  }

  @Override
  public CloneFollowerResult cloneFollower(CloneFollowerInput input) {
    String volume = DataVolumes.ensure(docker, input.addon(), input.node());
    String password = secrets.require(input.addon().addonId(), SecretStore.REPLICATION);
    var result = tasks.run("pg_basebackup", input.addon(), input.node(), input.image(), Mounts.volume(volume), List.of(),
        Map.of("PGPASSWORD", password),
        List.of("pgaddon-basebackup", input.primary().node(), Integer.toString(input.primary().port()), input.slot()));
    return new CloneFollowerResult(result.outcome() != Outcome.NOTHING_TO_DO);
  }

  @Override
  public NodeAddress startNode(StartNodeInput input) {
    String name = AddonNames.containerName(input.addon().addonId(), input.node());
    Plan plan = PlanCatalog.require(input.addon().planId());
    InspectContainerResponse existing = nodes.inspect(name);
    String addonId = input.addon().addonId();
    int port;
    if (existing != null) {
      port = Integer.parseInt(existing.getConfig().getLabels().get(Labels.PORT));
      ports.adopt(addonId, input.node(), port);
    } else {
      port = ports.allocate(addonId, input.node(), p -> {
        nodes.createNodeContainer(name, input, plan, p);
        return p;
      });
    }
    log.info("step start-node: starting {} ({}, PostgreSQL {}, port {})", name, input.role(), input.version(), port);
    if (existing == null || !Boolean.TRUE.equals(existing.getState().getRunning())) {
      docker.startContainerCmd(name).exec();
    }
    NodeAddress address = new NodeAddress(input.node(), name, "127.0.0.1", port);
    nodes.awaitAcceptingConnections(input.addon().addonId(), address);
    log.info("step start-node: {} accepts connections on port {}", name, port);
    return address;
  }

  @Override
  public AddonState describeAddon(DescribeAddonInput input) {
    Optional<AddonView> found = inventory.all().stream().filter(a -> a.addonId().equals(input.addonId())).findFirst();
    if (found.isEmpty() && input.asRecorded()) {
      var recorded = records.find(input.addonId()).filter(r -> r.version() != null && r.databaseName() != null);
      if (recorded.isPresent()) {
        var r = recorded.get();
        return new AddonState(r.id(), r.app(), r.planId(), r.version(), NodeLayout.image(r.version()), r.databaseName(),
            List.of(), null, r.restartHook(), 0);
      }
    }
    AddonView view = found.orElseThrow(() -> ApplicationFailure.newNonRetryableFailure("unknown addon '" + input.addonId() + "'",
        Failures.INVALID_REQUEST));
    List<AddonState.NodeState> nodes = new ArrayList<>();
    long dataBytes = 0;
    String planId = view.planId();
    for (AddonView.NodeView n : view.nodes()) {
      NodeAddress address = view.address(n);
      String role = "unreachable";
      if (n.running()) {
        try (Connection c = connections.superuser(view.addonId(), address, "postgres");
            var s = c.createStatement();
            var rs = s.executeQuery("SELECT pg_is_in_recovery(), (SELECT sum(pg_database_size(datname)) FROM pg_database)")) {
          rs.next();
          role = (rs.getBoolean(1) ? NodeRole.FOLLOWER : NodeRole.PRIMARY).wire();
          if (!rs.getBoolean(1)) {
            dataBytes = rs.getLong(2);
            planId = n.planId();
          }
        } catch (SQLException e) {
          role = "unreachable: " + e.getMessage();
        }
      }
      nodes.add(new AddonState.NodeState(address, role, n.planId(), n.running()));
    }
    NodeAddress endpoint = view.endpoint() == null ? null : view.address(view.endpoint());
    return new AddonState(view.addonId(), view.app(), planId, view.version(), NodeLayout.image(view.version()),
        view.database(), nodes, endpoint, view.restartHook(), dataBytes);
  }

  @Override
  public NodeAddress recreateNode(StartNodeInput input) {
    // Before the old container goes: an addon on the host's network is refused with nothing changed.
    networks.requireOwnNetwork(input.addon().addonId());
    String name = AddonNames.containerName(input.addon().addonId(), input.node());
    InspectContainerResponse existing = nodes.inspect(name);
    if (existing != null) {
      Map<String, String> labels = existing.getConfig().getLabels();
      boolean done = input.addon().planId().equals(labels.get(Labels.PLAN))
          && input.version().equals(labels.get(Labels.VERSION)) && input.role().is(labels.get(Labels.ROLE));
      if (!done) {
        int port = Integer.parseInt(labels.get(Labels.PORT));
        // A worker lost between the removal and the creation: the retry makes it on this port again.
        ports.adopt(input.addon().addonId(), input.node(), port);
        if (input.role() == NodeRole.FOLLOWER) {
          release.beforeStopping(input.addon().addonId(), input.node());
        }
        log.info("step recreate-node: stopping {} to apply plan {}", name, input.addon().planId());
        nodes.stopContainer(name);
        docker.removeContainerCmd(name).exec();
        nodes.createNodeContainer(name, input, PlanCatalog.require(input.addon().planId()), port);
      }
    }
    return startNode(input);
  }

  @Override
  public NodeStopped stopNode(NodeRef input) {
    log.info("step stop-node: fast shutdown of {}", input.node().container());
    nodes.stopContainer(input.node().container());
    log.info("step stop-node: {} stopped", input.node().container());
    return new NodeStopped(input.node().container());
  }

  @Override
  public NodeStopped fenceNode(NodeRef input) {
    String name = input.node().container();
    log.info("step fence-node: stopping {} for good", name);
    try {
      // Neither its restart policy nor the engine's restart may start it again: the rejoin makes it anew.
      docker.updateContainerCmd(name).withRestartPolicy(RestartPolicy.noRestart()).exec();
      docker.stopContainerCmd(name).withTimeout(FENCE_GRACE_SECONDS).exec();
    } catch (NotFoundException absent) {
      return new NodeStopped(name);
    } catch (com.github.dockerjava.api.exception.NotModifiedException alreadyStopped) {
      // stopped already: docker stop still marked it stopped by hand
    }
    InspectContainerResponse state = nodes.inspect(name);
    if (state != null && Boolean.TRUE.equals(state.getState().getRunning())) {
      throw new IllegalStateException(name + " still runs after docker stop: not fenced");
    }
    log.info("step fence-node: {} is stopped", name);
    return new NodeStopped(name);
  }

  @Override
  public Rejoined rejoinAsFollower(RejoinInput input) {
    String container = AddonNames.containerName(input.addon().addonId(), input.node());
    nodes.stopContainer(container);
    String volume = AddonNames.volumeName(input.addon().addonId(), input.node());
    String addonId = input.addon().addonId();
    List<String> command = List.of("pgaddon-rejoin", input.newPrimary().node(), Integer.toString(input.newPrimary().port()),
        input.slot());
    Map<String, String> passwords = Map.of("PGPASSWORD", secrets.require(addonId, SecretStore.SUPERUSER),
        "REPLICATION_PASSWORD", secrets.require(addonId, SecretStore.REPLICATION));
    StartNodeInput start = new StartNodeInput(input.addon(), input.node(), NodeRole.FOLLOWER, input.version(), input.image(),
        input.database());
    // pg_rewind reads the source's timeline from its control file, which a promotion updates only at its
    // next checkpoint: without this one, it can rewind to the wrong point and leave a node that never starts.
    rejoin.checkpointSource(addonId, input.newPrimary());
    nodes.requireStopped(container); // an earlier attempt of this step may have started it again meanwhile
    var rewind = tasks.run("pg_rewind", input.addon(), input.node(), input.image(), Mounts.volume(volume), List.of(),
        passwords, command);
    String why;
    if (rewind.outcome() == Outcome.REWOUND || rewind.outcome() == Outcome.NOTHING_TO_DO) {
      try {
        NodeAddress address = recreateNode(start);
        String streaming = rejoin.awaitStreaming(addonId, input.newPrimary(), input.slot());
        if (streaming == null) {
          return new Rejoined(address, rewind.outcome() == Outcome.NOTHING_TO_DO
              ? "restarted: it followed the primary already" : "pg_rewind");
        }
        why = streaming;
      } catch (NodeDidNotStart stopped) {
        if (stopped.portTaken()) {
          throw stopped; // not the data's fault: the next attempt gets another port
        }
        why = stopped.getMessage();
      }
    } else if (rewind.outcome() == Outcome.REBUILD_NEEDED) {
      why = rewind.message();
    } else {
      // neither pg_rewind nor the rewound node failed: retry the step, never wipe data for it
      throw new IllegalStateException("pg_rewind reported " + rewind.outcome() + ": " + rewind.explanation());
    }
    // The data is wiped only while a primary holds everything it had: else the step fails and is retried.
    rejoin.requirePrimary(addonId, input.newPrimary());
    // A rejoin never leaves the pair broken: whatever pg_rewind left is replaced by a fresh copy.
    log.warn("step rejoin: {} does not follow the new primary after pg_rewind ({}); rebuilding it from a base backup",
        input.node(), why);
    nodes.killContainer(container); // its data is wiped next: no clean shutdown to wait for
    tasks.run("forget-data", input.addon(), input.node(), input.image(), Mounts.volume(volume), List.of(), Map.of(),
        List.of("pgaddon-forget"));
    cloneFollower(new CloneFollowerInput(input.addon(), input.node(), input.image(), input.newPrimary(), input.slot()));
    NodeAddress address = recreateNode(start);
    return new Rejoined(address, "rebuilt from a base backup (pg_rewind: " + why + ")");
  }

  @Override
  public NodeStopped removeNode(RemoveNodeInput input) {
    String name = AddonNames.containerName(input.addon().addonId(), input.node());
    log.info("step remove-node: removing {} and its volume", name);
    release.beforeStopping(input.addon().addonId(), input.node());
    try {
      docker.removeContainerCmd(name).withForce(true).exec();
    } catch (NotFoundException gone) {
      // already removed
    }
    try {
      docker.removeVolumeCmd(AddonNames.volumeName(input.addon().addonId(), input.node())).exec();
    } catch (NotFoundException gone) {
      // already removed
    }
    ports.release(input.addon().addonId(), input.node());
    return new NodeStopped(name);
  }

  @Override
  public NotifyResult notifyApplication(NotifyInput input) {
    AddonView view = inventory.all().stream().filter(a -> a.addonId().equals(input.addonId())).findFirst().orElse(null);
    String hook = view == null ? null : view.restartHook();
    // Only an addon that exists and has a hook gets a signing secret.
    String secret = hook == null || hook.isBlank() ? null : secrets.getOrCreate(input.addonId(), SecretStore.RESTART_HOOK_SECRET);
    NotifyResult result = new RestartHook(hook, secret).run(input.addonId(), input.event());
    log.info("step notify-application: {} ({})", result.outcome(), input.addonId());
    return result;
  }

  @Override
  public RemovedResources removeAddon(RemoveAddonInput input) {
    log.info("step remove-addon: removing the containers, volumes and secrets of {}", input.addonId());
    List<Container> containers = docker.listContainersCmd().withShowAll(true)
        .withLabelFilter(Map.of(Labels.ADDON, input.addonId())).exec();
    for (Container c : containers) {
      try {
        docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
      } catch (NotFoundException gone) {
        // removed meanwhile
      }
    }
    var volumes = docker.listVolumesCmd().withFilter("label", List.of(Labels.ADDON + "=" + input.addonId())).exec();
    int removedVolumes = 0;
    if (volumes.getVolumes() != null) {
      for (var v : volumes.getVolumes()) {
        try {
          docker.removeVolumeCmd(v.getName()).exec();
          removedVolumes++;
        } catch (NotFoundException gone) {
          // removed meanwhile
        }
      }
    }
    removeBackupRepository(input.addonId(), containers);
    networks.remove(input.addonId());
    secrets.deleteAll(input.addonId());
    ports.releaseAll(input.addonId());
    log.info("step remove-addon: {} removed ({} containers, {} volumes)", input.addonId(), containers.size(), removedVolumes);
    return new RemovedResources(containers.size(), removedVolumes);
  }

  /** Its backups and archived WAL go with the addon (a task on any PostgreSQL image of this engine). */
  private void removeBackupRepository(String addonId, List<Container> containers) {
    List<String> versions = images.versions();
    if (versions.isEmpty()) {
      log.warn("step remove-addon: no PostgreSQL image to remove the backup repository of {} with", addonId);
      return;
    }
    String app = containers.stream().map(c -> c.getLabels().get(Labels.APP)).filter(a -> a != null).findFirst().orElse("-");
    backups.remove(new AddonRef(addonId, app, "-"), NodeLayout.image(versions.get(versions.size() - 1)));
  }
}
