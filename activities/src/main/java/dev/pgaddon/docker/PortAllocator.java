package dev.pgaddon.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import dev.pgaddon.control.PortReservations;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Ports on the host's loopback for the addons' containers (published from each addon's network),
 * reserved per node in the control database (so two workers never pick one port, and a node made
 * again keeps its own), free on the host and
 * not claimed by the label of a container made before reservations existed.
 * PGADDON_PORT_RANGE (e.g. "55000-55999") sets the range.
 */
public final class PortAllocator {
  private final DockerClient docker;
  private final PortReservations reservations;
  private final int first;
  private final int last;

  public PortAllocator(DockerClient docker, PortReservations reservations) {
    this.docker = docker;
    this.reservations = reservations;
    dev.pgaddon.settings.PlatformSettings settings = dev.pgaddon.settings.PlatformSettings.current();
    this.first = settings.portRangeFirst();
    this.last = settings.portRangeLast();
  }

  /** The node's port (the one it holds, else a new reservation), then {@code claim} makes its container. */
  public <T> T allocate(String addonId, String node, IntFunction<T> claim) {
    Set<Integer> labelled = claimedPorts();
    int port = reservations.reserve(addonId, node, first, last, p -> !labelled.contains(p) && isFree(p));
    return claim.apply(port);
  }

  /** A container that exists keeps its port: recorded, so a retry that makes it again finds it. */
  public void adopt(String addonId, String node, int port) {
    reservations.adopt(addonId, node, port);
  }

  public void release(String addonId, String node) {
    reservations.releaseNode(addonId, node);
  }

  public void releaseAll(String addonId) {
    reservations.releaseAll(addonId);
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
