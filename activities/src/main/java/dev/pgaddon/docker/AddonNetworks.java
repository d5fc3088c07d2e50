package dev.pgaddon.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import dev.pgaddon.node.NodeActivities.AddonRef;
import dev.pgaddon.operation.AddonNames;
import java.util.Map;

/**
 * Each addon's containers live on a bridge network of their own, never on the host's: a tenant who
 * got a shell in its node reaches its own addon and nothing else. The platform's services bind to
 * 127.0.0.1, which a container on a bridge does not reach; other addons' bridges are not routed to
 * (the engine runs without IP forwarding, scripts/bootstrap.sh). Names resolve through the
 * engine's DNS: a node answers to its node name ("node1"), the endpoint to "endpoint".
 * The one port a container serves the host is published on the host's loopback only.
 */
public final class AddonNetworks {
  /** A node's processes: PostgreSQL's backends and workers stay far below; a fork bomb does not. */
  public static final long PIDS_LIMIT = 2048;

  private final DockerClient docker;

  public AddonNetworks(DockerClient docker) {
    this.docker = docker;
  }

  /** The addon's network, made if absent (idempotent: two workers may race to make it). */
  public String ensure(AddonRef addon) {
    String name = AddonNames.networkName(addon.addonId());
    try {
      docker.inspectNetworkCmd().withNetworkId(name).exec();
      return name;
    } catch (NotFoundException absent) {
      // made below
    }
    Map<String, String> labels = Labels.forAddon(addon, "-", "network");
    try {
      docker.createNetworkCmd().withName(name).withDriver("bridge").withLabels(labels).withCheckDuplicate(true)
          .withOptions(Map.of("com.docker.network.bridge.enable_ip_masquerade", "false")).exec();
    } catch (ConflictException madeMeanwhile) {
      // another attempt made it
    }
    return name;
  }

  /** Removes the addon's network once its containers are gone (absent: nothing to do). */
  public void remove(String addonId) {
    try {
      docker.removeNetworkCmd(AddonNames.networkName(addonId)).exec();
    } catch (NotFoundException gone) {
      // never made, or removed already
    }
  }

  /**
   * What every long-running container of an addon gets: its network, with {@code port} published
   * on the host's loopback, no capability, no privilege escalation, a pids limit.
   */
  public HostConfig hostConfig(AddonRef addon, int port) {
    return HostConfig.newHostConfig()
        .withNetworkMode(ensure(addon))
        .withPortBindings(new PortBinding(Ports.Binding.bindIpAndPort("127.0.0.1", port), ExposedPort.tcp(port)))
        .withCapDrop(Capability.ALL)
        .withSecurityOpts(java.util.List.of("no-new-privileges"))
        .withPidsLimit(PIDS_LIMIT);
  }
}
