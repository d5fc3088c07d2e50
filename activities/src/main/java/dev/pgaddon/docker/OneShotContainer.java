package dev.pgaddon.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import dev.pgaddon.node.ContainerLogs;
import dev.pgaddon.util.Waits;
import java.util.List;
import java.util.Map;

/**
 * A program of the node image (images/postgresql/bin) run once in a fresh container on a node's
 * volume (pgaddon-initdb, pgaddon-basebackup), or on none (pgaddon-analyze, which only connects), then removed.
 * A node runs one task at a time: any task container of the same node is removed first, whatever
 * its name. So a retry stops the attempt it replaces, and a rollback's restore stops a pg_upgrade
 * whose worker was lost, before either touches the data directory.
 */
public final class OneShotContainer {
  private final DockerClient docker;
  private final ContainerFile files;
  private final AddonNetworks networks;

  public OneShotContainer(DockerClient docker) {
    this.docker = docker;
    this.files = new ContainerFile(docker);
    this.networks = new AddonNetworks(docker);
  }

  private static dev.pgaddon.node.NodeActivities.AddonRef addonOf(Map<String, String> labels) {
    return new dev.pgaddon.node.NodeActivities.AddonRef(labels.get(Labels.ADDON), labels.get(Labels.APP),
        labels.get(Labels.PLAN));
  }

  public record Result(int exitCode, String output) {}

  /** Called about every five seconds while the command runs (activities heartbeat from it). */
  public interface Tick {
    void tick();
  }

  /**
   * @param user "postgres", or "root" for the few tasks that prepare a directory for it
   * @param binds the volumes and host directories the task works on
   * @param secrets variables the program needs that are secrets (passwords): they reach it as files
   *     of {@link NodeLayout#SECRETS_DIR}, which pgaddon-lib.sh exports, never through the container's environment
   * @param command the program and its arguments, never a shell text
   */
  public Result run(String name, String image, String user, List<Bind> binds, Map<String, String> labels,
      List<String> env, Map<String, String> secrets, List<String> command, Tick tick) {
    return run(name, image, user, binds, labels, env, secrets, command, null, tick);
  }

  /**
   * @param alsoOn a second network the task joins (the object store's, for a restore that reads from it), or null
   */
  public Result run(String name, String image, String user, List<Bind> binds, Map<String, String> labels,
      List<String> env, Map<String, String> secrets, List<String> command, String alsoOn, Tick tick) {
    if (command.isEmpty() || !command.get(0).matches("pgaddon-[a-z-]+")) {
      throw new IllegalArgumentException("not a program of the node image: " + command);
    }
    for (String variable : secrets.keySet()) {
      if (!variable.matches("[A-Z][A-Z0-9_]*")) {
        throw new IllegalArgumentException("not a variable name: " + variable);
      }
    }
    removeTasksOfTheSameNode(labels);
    removeIfPresent(name);
    String id = docker.createContainerCmd(image)
        .withName(name)
        .withLabels(labels)
        .withUser(user)
        .withEnv(pinned(env))
        .withCmd(command)
        // On the addon's network like its nodes (AddonNetworks): a task reaches them by name, never the host's services.
        .withHostConfig(HostConfig.newHostConfig().withNetworkMode(networks.ensure(addonOf(labels))).withBinds(binds))
        .exec().getId();
    try {
      if (alsoOn != null) {
        docker.connectToNetworkCmd().withContainerId(id).withNetworkId(alsoOn).exec();
      }
      if (!secrets.isEmpty()) {
        files.createPrivate(id, NodeLayout.SECRETS_DIR, secrets);
      }
      docker.startContainerCmd(id).exec();
      int code = awaitExit(id, tick);
      return new Result(code, new ContainerLogs(docker).tail(id, 40));
    } finally {
      // By id: a later attempt may already run under the same name.
      removeIfPresent(id);
    }
  }

  /**
   * The tools a task runs (psql, vacuumdb, pg_basebackup) connect with search_path pinned, as the
   * worker's own connections do (PostgresConnections): a step's own PGOPTIONS are kept after it.
   */
  static List<String> pinned(List<String> env) {
    List<String> all = new java.util.ArrayList<>();
    String own = "";
    for (String variable : env) {
      if (variable.startsWith("PGOPTIONS=")) {
        own = " " + variable.substring("PGOPTIONS=".length());
      } else {
        all.add(variable);
      }
    }
    all.add("PGOPTIONS=" + dev.pgaddon.sql.PostgresConnections.PINNED_OPTIONS + own);
    return all;
  }

  private void removeTasksOfTheSameNode(Map<String, String> labels) {
    Map<String, String> sameNode = Map.of(Labels.ADDON, labels.get(Labels.ADDON), Labels.NODE, labels.get(Labels.NODE),
        Labels.KIND, labels.get(Labels.KIND));
    for (Container leftover : docker.listContainersCmd().withShowAll(true).withLabelFilter(sameNode).exec()) {
      removeIfPresent(leftover.getId());
    }
  }

  /**
   * Polls the container's state: the streaming wait call could lose its answer and never return
   * (seen with a pg_upgrade that exited after a few seconds), polling cannot.
   */
  private int awaitExit(String id, Tick tick) {
    long lastTick = System.nanoTime();
    while (true) {
      var state = docker.inspectContainerCmd(id).exec().getState();
      if (!Boolean.TRUE.equals(state.getRunning()) && ("exited".equals(state.getStatus()) || "dead".equals(state.getStatus()))) {
        return state.getExitCodeLong() == null ? -1 : state.getExitCodeLong().intValue();
      }
      if (System.nanoTime() - lastTick > 5_000_000_000L) {
        tick.tick();
        lastTick = System.nanoTime();
      }
      Waits.sleep(200);
    }
  }

  private void removeIfPresent(String nameOrId) {
    try {
      docker.removeContainerCmd(nameOrId).withForce(true).exec();
    } catch (NotFoundException absent) {
      // nothing to remove
    }
  }
}
