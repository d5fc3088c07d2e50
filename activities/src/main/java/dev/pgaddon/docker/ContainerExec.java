package dev.pgaddon.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command in a running container and returns its exit code and output. */
public final class ContainerExec {
  private final DockerClient docker;

  public ContainerExec(DockerClient docker) {
    this.docker = docker;
  }

  public record Result(long exitCode, String output) {}

  public Result run(String container, String user, List<String> env, String... command) {
    String id = docker.execCreateCmd(container).withUser(user).withEnv(env).withCmd(command)
        .withAttachStdout(true).withAttachStderr(true).exec().getId();
    StringBuilder out = new StringBuilder();
    try {
      docker.execStartCmd(id).exec(new ResultCallback.Adapter<Frame>() {
        @Override
        public void onNext(Frame frame) {
          out.append(new String(frame.getPayload()));
        }
      }).awaitCompletion(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    Long code = docker.inspectExecCmd(id).exec().getExitCodeLong();
    return new Result(code == null ? -1 : code, out.toString().strip());
  }
}
