package dev.pgaddon.node;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import java.util.concurrent.TimeUnit;

/** The last lines a container wrote, to explain why it failed. */
public final class ContainerLogs {
  private final DockerClient docker;

  public ContainerLogs(DockerClient docker) {
    this.docker = docker;
  }

  public String tail(String container, int lines) {
    StringBuilder out = new StringBuilder();
    try {
      docker.logContainerCmd(container).withStdOut(true).withStdErr(true).withTail(lines)
          .exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
              out.append(new String(frame.getPayload()));
            }
          }).awaitCompletion(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return out.toString().strip();
  }
}
