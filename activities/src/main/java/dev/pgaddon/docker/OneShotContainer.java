package dev.pgaddon.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import dev.pgaddon.node.ContainerLogs;
import dev.pgaddon.util.Waits;
import java.util.List;
import java.util.Map;

/**
 * A command run once in a fresh container on a node's volume (initdb, pg_basebackup), or on none
 * (vacuumdb, which only connects), then removed.
 * A leftover of an earlier attempt with the same name is removed first.
 */
public final class OneShotContainer {
  private final DockerClient docker;

  public OneShotContainer(DockerClient docker) {
    this.docker = docker;
  }

  public record Result(int exitCode, String output) {}

  /** Called about every five seconds while the command runs (activities heartbeat from it). */
  public interface Tick {
    void tick();
  }

  public Result run(String name, String image, String volume, Map<String, String> labels, List<String> env,
      String script, Tick tick) {
    removeIfPresent(name);
    String id = docker.createContainerCmd(image)
        .withName(name)
        .withLabels(labels)
        .withUser("postgres")
        .withEnv(env)
        .withCmd("bash", "-c", script)
        .withHostConfig(volume == null ? HostConfig.newHostConfig().withNetworkMode("host")
            : HostConfig.newHostConfig().withNetworkMode("host")
                .withBinds(new Bind(volume, new Volume(NodeLayout.DATA_MOUNT))))
        .exec().getId();
    try {
      docker.startContainerCmd(id).exec();
      int code = awaitExit(id, tick);
      return new Result(code, new ContainerLogs(docker).tail(id, 40));
    } finally {
      removeIfPresent(name);
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

  private void removeIfPresent(String name) {
    try {
      docker.removeContainerCmd(name).withForce(true).exec();
    } catch (NotFoundException absent) {
      // nothing to remove
    }
  }
}
