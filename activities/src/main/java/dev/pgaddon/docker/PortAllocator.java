package dev.pgaddon.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Ports on the host network for node containers: free on the host and not claimed by another
 * pgaddon container's label. PGADDON_PORT_RANGE (e.g. "55000-55999") sets the range.
 */
public final class PortAllocator {
  private static final Object LOCK = new Object();
  private final DockerClient docker;
  private final int first;
  private final int last;

  public PortAllocator(DockerClient docker) {
    this.docker = docker;
    String range = System.getenv().getOrDefault("PGADDON_PORT_RANGE", "55000-55999");
    String[] bounds = range.split("-");
    this.first = Integer.parseInt(bounds[0].trim());
    this.last = Integer.parseInt(bounds[1].trim());
  }

  /**
   * Picks a port and runs {@code claim} (which creates the labelled container) under one lock,
   * so two activities of this worker never pick the same port.
   */
  public <T> T allocate(java.util.function.IntFunction<T> claim) {
    synchronized (LOCK) {
      Set<Integer> claimed = claimedPorts();
      for (int port = first; port <= last; port++) {
        if (!claimed.contains(port) && isFree(port)) {
          return claim.apply(port);
        }
      }
      throw new IllegalStateException("no free port left in " + first + "-" + last + " (PGADDON_PORT_RANGE)");
    }
  }

  private Set<Integer> claimedPorts() {
    List<Container> containers = docker.listContainersCmd().withShowAll(true)
        .withLabelFilter(List.of(Labels.PORT)).exec();
    Set<Integer> ports = new HashSet<>();
    for (Container c : containers) {
      ports.add(Integer.parseInt(c.getLabels().get(Labels.PORT)));
    }
    return ports;
  }

  static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return true;
    } catch (IOException inUse) {
      return false;
    }
  }
}
