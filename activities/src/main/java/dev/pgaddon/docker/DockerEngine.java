package dev.pgaddon.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.time.Duration;

/** The Docker engine, reached as docker's own client would (DOCKER_HOST or the local socket). */
public final class DockerEngine {
  private DockerEngine() {}

  public static DockerClient connect() {
    DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
    ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
        .dockerHost(config.getDockerHost())
        .sslConfig(config.getSSLConfig())
        .connectionTimeout(Duration.ofSeconds(5))
        .responseTimeout(Duration.ofMinutes(10))
        .maxConnections(50)
        .build();
    return DockerClientImpl.getInstance(config, http);
  }

  /** Connects and pings, or explains in one line why the engine cannot be used. */
  public static DockerClient connectOrExplain() {
    DockerClient client = connect();
    try {
      client.pingCmd().exec();
      return client;
    } catch (RuntimeException e) {
      String host = DefaultDockerClientConfig.createDefaultConfigBuilder().build().getDockerHost().toString();
      throw new EngineUnavailableException("Docker engine not reachable at " + host
          + " (start it with scripts/bootstrap.sh): " + e.getMessage(), e);
    }
  }

  /** Fails with {@link EngineUnavailableException} when the engine does not answer. */
  public static void requireReachable() {
    try (DockerClient client = connectOrExplain()) {
      client.versionCmd().exec();
    } catch (java.io.IOException closing) {
      // the ping answered; a failure to close is of no interest
    }
  }

  public static final class EngineUnavailableException extends RuntimeException {
    public EngineUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
