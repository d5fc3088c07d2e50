package dev.pgaddon.inventory;

import dev.pgaddon.node.NodeAddress;
import dev.pgaddon.operation.AddonNames;
import java.util.List;

/** What the Docker engine says of one addon. */
public record AddonView(String addonId, String app, String planId, String version, String database,
    List<NodeView> nodes, NodeView endpoint, String restartHook, int volumes, String owner) {

  /** @param role the role the container was made for; after a switchover PostgreSQL itself says which is primary */
  public record NodeView(String node, String role, String planId, String state, int port) {
    public boolean running() {
      return "running".equals(state);
    }
  }


  /** Where a node (or the endpoint) of this addon answers the host: its port, published on the host's loopback. */
  public NodeAddress address(NodeView n) {
    return new NodeAddress(n.node(), AddonNames.containerName(addonId, n.node()), "127.0.0.1", n.port());
  }

  /** running, degraded (a business plan with a node down), stopped (no node running) or provisioning. */
  public String status(boolean highAvailability) {
    if (nodes.isEmpty()) {
      return volumes > 0 ? "provisioning" : "stopped";
    }
    long running = nodes.stream().filter(NodeView::running).count();
    if (running == 0) {
      return "stopped";
    }
    return highAvailability && running < 2 ? "degraded" : "running";
  }
}
