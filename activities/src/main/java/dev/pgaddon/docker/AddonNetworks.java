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
import dev.pgaddon.operation.Failures;
import java.util.Map;

/**
 * Each addon's containers live on a bridge network of their own, never on the host's: a tenant who
 * got a shell in its node reaches its own addon and nothing else. The platform's services bind to
 * 127.0.0.1, which a container on a bridge does not reach; other addons' bridges are not routed to
 * (the engine runs without IP forwarding, scripts/bootstrap.sh). Names resolve through the
 * engine's DNS: a node answers to its node name ("node1"), the endpoint to "endpoint". Nodes and the
 * endpoint also keep fixed addresses (.2, .3, .4 of the addon's /26; tasks get theirs from its upper
 * half): PgBouncer caches what a name resolved to, and a node made again or restarted must still be
 * the address it has in the endpoint's configuration.
 * The one port a container serves the host is published on the host's loopback only.
 */
public final class AddonNetworks {
  /** A node's processes: PostgreSQL's backends and workers stay far below; a fork bomb does not. */
  public static final long PIDS_LIMIT = 2048;

  /** Where the addons' /26 subnets are taken from (PGADDON_NETWORK_POOL, a /16). */
  static String pool() {
    return dev.pgaddon.settings.PlatformSettings.current().networkPool();
  }
  private static final Map<String, Integer> FIXED = Map.of("node1", 2, "node2", 3, "endpoint", 4);

  private final DockerClient docker;
  /** An addon's subnet never changes while its network exists. */
  private static final Map<String, String> SUBNETS = new java.util.concurrent.ConcurrentHashMap<>();

  public AddonNetworks(DockerClient docker) {
    this.docker = docker;
  }

  /**
   * The fixed address of a node or the endpoint on its addon's network, or null for any other container.
   * An addon without a network (made before them: its nodes on the host's network, on 127.0.0.1) gets
   * 127.0.0.1, so its endpoint can still be re-pointed by a failover.
   */
  public String address(String addonId, String node) {
    Integer host = FIXED.get(node);
    if (host == null) {
      return null;
    }
    String subnet = SUBNETS.get(addonId);
    if (subnet == null) {
      try {
        subnet = docker.inspectNetworkCmd().withNetworkId(AddonNames.networkName(addonId)).exec().getIpam().getConfig().get(0)
            .getSubnet();
      } catch (NotFoundException hostNetworkAddon) {
        return "127.0.0.1";
      }
      SUBNETS.put(addonId, subnet);
    }
    return Subnets.host(subnet, host);
  }

  /**
   * The addon's network, made if absent (idempotent: two workers may race to make it). An addon made
   * before addon networks (its containers on the host's network) is refused: a container of it on a
   * bridge could reach none of the others, and moving them all is a restart this version does not do.
   */
  public String ensure(AddonRef addon) {
    requireOwnNetwork(addon.addonId());
    String name = AddonNames.networkName(addon.addonId());
    try {
      docker.inspectNetworkCmd().withNetworkId(name).exec();
      return name;
    } catch (NotFoundException absent) {
      // made below
    }
    Map<String, String> labels = Labels.forAddon(addon, "-", "network");
    for (int attempt = 0; attempt < 5; attempt++) {
      String subnet = Subnets.firstFree(pool(), docker.listNetworksCmd().exec().stream()
          .flatMap(n -> n.getIpam() == null || n.getIpam().getConfig() == null ? java.util.stream.Stream.empty()
              : n.getIpam().getConfig().stream())
          .map(com.github.dockerjava.api.model.Network.Ipam.Config::getSubnet).filter(s -> s != null).toList());
      try {
        docker.createNetworkCmd().withName(name).withDriver("bridge").withLabels(labels).withCheckDuplicate(true)
            .withIpam(new com.github.dockerjava.api.model.Network.Ipam().withConfig(
                new com.github.dockerjava.api.model.Network.Ipam.Config().withSubnet(subnet)
                    .withGateway(Subnets.host(subnet, 1)).withIpRange(Subnets.upperHalf(subnet))))
            .withOptions(Map.of("com.docker.network.bridge.enable_ip_masquerade", "false")).exec();
        return name;
      } catch (ConflictException madeMeanwhile) {
        return name; // another attempt made it
      } catch (com.github.dockerjava.api.exception.DockerException taken) {
        // another worker took that subnet meanwhile ("overlaps"): the next free one
        if (!String.valueOf(taken.getMessage()).contains("overlap")) {
          throw taken;
        }
      }
    }
    throw new IllegalStateException("no free subnet for " + name + " in " + pool());
  }

  /** Refuses an addon whose containers are on the host's network (made before addon networks). */
  public void requireOwnNetwork(String addonId) {
    boolean onHostNetwork = docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Labels.ADDON, addonId)).exec()
        .stream().anyMatch(c -> c.getHostConfig() != null && "host".equals(c.getHostConfig().getNetworkMode()));
    if (onHostNetwork) {
      throw Failures.invalid("addon " + addonId + " was made before each addon had a network of its own: its nodes"
          + " share the host's network, which this version no longer runs nodes on. Restore it into a new addon"
          + " (database-pitr-restore TIME --new-addon), which gets its own network, then move the application to it");
    }
  }

  /** Removes the addon's network once its containers are gone (absent: nothing to do). */
  public void remove(String addonId) {
    SUBNETS.remove(addonId);
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
