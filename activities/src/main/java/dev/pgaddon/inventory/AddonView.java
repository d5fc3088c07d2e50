package dev.pgaddon.inventory;

import java.util.List;

/** What the Docker engine says of one addon. */
public record AddonView(String addonId, String app, String planId, String version, String database,
    List<NodeView> nodes, int volumes) {

  public record NodeView(String node, String role, String state, int port) {
    public boolean running() {
      return "running".equals(state);
    }
  }

  public NodeView primary() {
    return nodes.stream().filter(n -> "primary".equals(n.role())).findFirst().orElse(null);
  }

  /** running, degraded (a follower is missing or down), stopped (no primary running) or provisioning. */
  public String status(boolean highAvailability) {
    NodeView primary = primary();
    if (primary == null) {
      return nodes.isEmpty() && volumes > 0 ? "provisioning" : "stopped";
    }
    if (!primary.running()) {
      return "stopped";
    }
    long runningFollowers = nodes.stream().filter(n -> "follower".equals(n.role()) && n.running()).count();
    return highAvailability && runningFollowers == 0 ? "degraded" : "running";
  }
}
