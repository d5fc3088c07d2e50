package dev.pgaddon.node;

import static dev.pgaddon.node.NodeActivities.STOP_TIMEOUT_SECONDS;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.RestartPolicy;
import dev.pgaddon.backup.BackupLayout;
import dev.pgaddon.backup.BackupMounts;
import dev.pgaddon.docker.AddonNetworks;
import dev.pgaddon.docker.ContainerFile;
import dev.pgaddon.docker.DataVolumes;
import dev.pgaddon.docker.Labels;
import dev.pgaddon.docker.NodeLayout;
import dev.pgaddon.node.NodeActivities.StartNodeInput;
import dev.pgaddon.operation.AddonNames;
import dev.pgaddon.plan.Plan;
import dev.pgaddon.sql.PostgresConnections;
import dev.pgaddon.util.Waits;
import io.temporal.activity.Activity;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A node's container: how it is made (command, limits, network, mounts), started, stopped and waited for. */
final class NodeContainers {
  private final DockerClient docker;
  private final PostgresConnections connections;
  private final BackupMounts backups;
  private final AddonNetworks networks;
  private final ContainerFile files;

  NodeContainers(DockerClient docker, PostgresConnections connections, BackupMounts backups) {
    this.docker = docker;
    this.connections = connections;
    this.backups = backups;
    this.networks = new AddonNetworks(docker);
    this.files = new ContainerFile(docker);
  }

  /** The rejoin script removes a stale postmaster.pid: only while no server of this node runs. */
  void requireStopped(String container) {
    InspectContainerResponse state = inspect(container);
    if (state != null && (Boolean.TRUE.equals(state.getState().getRunning())
        || Boolean.TRUE.equals(state.getState().getRestarting()))) {
      throw new IllegalStateException(container + " runs again: its data directory is not touched");
    }
  }

  void killContainer(String name) {
    try {
      docker.killContainerCmd(name).exec();
    } catch (NotFoundException | com.github.dockerjava.api.exception.ConflictException notRunning) {
      // nothing to kill
    }
  }

  void stopContainer(String name) {
    try {
      docker.stopContainerCmd(name).withTimeout(STOP_TIMEOUT_SECONDS).exec();
    } catch (NotFoundException absent) {
      // nothing to stop
    } catch (com.github.dockerjava.api.exception.NotModifiedException alreadyStopped) {
      // already stopped
    }
  }

  void createNodeContainer(String name, StartNodeInput input, Plan plan, int port) {
    Map<String, String> labels = Labels.forAddon(input.addon(), input.node(), "node");
    labels.put(Labels.ROLE, input.role().wire());
    labels.put(Labels.VERSION, input.version());
    labels.put(Labels.PORT, Integer.toString(port));
    labels.put(Labels.DATABASE, input.database());
    List<String> command = new ArrayList<>(List.of("postgres", "-D", NodeLayout.PGDATA,
        // On the addon's own network (AddonNetworks): the other node, the endpoint and the port published on the
        // host's loopback reach it; pg_hba.conf is the platform's file, not the data directory's (NodeHba).
        "-c", "port=" + port, "-c", "listen_addresses=*", "-c", "hba_file=" + NodeHba.PATH,
        // The socket also lives in the volume, first (postmaster.pid names the first one), so tools run
        // in another container on the same volume can reach the server: pg_upgrade --check on a live cluster.
        "-c", "unix_socket_directories=" + NodeLayout.DATA_MOUNT + ",/var/run/postgresql"));
    plan.postgresqlSettings().forEach((k, v) -> command.addAll(List.of("-c", k + "=" + v)));
    // Every node archives (a follower too: what a killed primary had not archived yet is there all the same).
    command.addAll(List.of("-c", "archive_mode=always", "-c", "archive_command=" + BackupLayout.ARCHIVE_COMMAND,
        "-c", "archive_timeout=" + BackupLayout.ARCHIVE_TIMEOUT_SECONDS));
    backups.prepare(input.addon(), input.image());
    HostConfig onItsNetwork = networks.hostConfig(input.addon(), port);
    String id = docker.createContainerCmd(input.image())
        .withName(name)
        .withLabels(labels)
        .withUser("postgres")
        .withCmd(command)
        .withStopSignal("SIGINT") // PostgreSQL's "fast" shutdown: no committed data is lost
        .withStopTimeout(STOP_TIMEOUT_SECONDS)
        .withExposedPorts(com.github.dockerjava.api.model.ExposedPort.tcp(port))
        .withAliases(input.node())
        .withIpv4Address(networks.address(input.addon().addonId(), input.node()))
        .withHostConfig(onItsNetwork
            .withMemory(plan.memoryBytes())
            .withNanoCPUs(plan.nanoCpus())
            .withShmSize(Math.min(plan.memoryBytes() / 2, 256L * 1024 * 1024))
            .withRestartPolicy(RestartPolicy.unlessStoppedRestart())
            .withBinds(DataVolumes.mount(AddonNames.volumeName(input.addon().addonId(), input.node())),
                backups.own(input.addon().addonId())))
        .exec().getId();
    NodeHba.put(files, id);
    // The archive_command's pgBackRest push encrypts with the addon's repository key, given as a file.
    files.createPrivate(id, NodeLayout.SECRETS_DIR, backups.repositoryKey(input.addon().addonId()));
  }

  void awaitAcceptingConnections(String addonId, NodeAddress address) {
    long deadline = System.nanoTime() + 240_000_000_000L;
    SQLException last = null;
    while (System.nanoTime() < deadline) {
      try (Connection c = connections.superuser(addonId, address, "postgres")) {
        c.createStatement().execute("SELECT 1");
        return;
      } catch (SQLException e) {
        last = e;
      }
      InspectContainerResponse state = inspect(address.container());
      if (state == null || !Boolean.TRUE.equals(state.getState().getRunning())
          || Boolean.TRUE.equals(state.getState().getRestarting())) {
        String logs = new ContainerLogs(docker).tail(address.container(), 15);
        boolean portTaken = logs.contains("Address already in use");
        if (portTaken) {
          // Someone took the port after it was allocated: the next attempt gets a new container and port.
          docker.removeContainerCmd(address.container()).withForce(true).exec();
        }
        throw new NodeDidNotStart(address.container() + " stopped while starting: " + NodeTasks.lastLines(logs), portTaken);
      }
      Activity.getExecutionContext().heartbeat("waiting for " + address.container() + " to accept connections");
      Waits.sleep(500);
    }
    throw new IllegalStateException(address.container() + " did not accept connections within 240 s: "
        + (last == null ? "" : last.getMessage()));
  }

  InspectContainerResponse inspect(String name) {
    try {
      return docker.inspectContainerCmd(name).exec();
    } catch (NotFoundException absent) {
      return null;
    }
  }
}
