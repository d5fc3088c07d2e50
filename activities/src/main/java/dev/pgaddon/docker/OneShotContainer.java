package dev.pgaddon.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import dev.pgaddon.node.ContainerLogs;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A command run once in a fresh container on a node's volume (initdb, pg_basebackup), then removed.
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
        .withHostConfig(HostConfig.newHostConfig()
            .withNetworkMode("host")
            .withBinds(new Bind(volume, new Volume(NodeLayout.DATA_MOUNT))))
        .exec().getId();
    try {
      docker.startContainerCmd(id).exec();
      var wait = docker.waitContainerCmd(id).start();
      Integer code = null;
      while (code == null) {
        try {
          code = wait.awaitStatusCode(5, TimeUnit.SECONDS);
        } catch (com.github.dockerjava.api.exception.DockerClientException timeout) {
          tick.tick();
        }
      }
      return new Result(code, new ContainerLogs(docker).tail(id, 40));
    } finally {
      removeIfPresent(name);
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
