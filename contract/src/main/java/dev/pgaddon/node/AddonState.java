package dev.pgaddon.node;

import java.util.List;

/**
 * An addon as the infrastructure shows it now.
 *
 * @param nodes running nodes first; role is read from PostgreSQL (pg_is_in_recovery), not from labels
 * @param dataBytes size of all databases on the primary
 */
public record AddonState(String addonId, String app, String planId, String version, String image, String database,
    List<NodeState> nodes, NodeAddress endpoint, String restartHook, long dataBytes) {

  public record NodeState(NodeAddress address, String role, String planId, boolean running) {}

  /** The same addon, to be run on another version (an upgrade's target). */
  public AddonState withVersion(String newVersion, String newImage) {
    return new AddonState(addonId, app, planId, newVersion, newImage, database, nodes, endpoint, restartHook, dataBytes);
  }

  public NodeState primary() {
    return nodes.stream().filter(n -> NodeRole.PRIMARY.is(n.role())).findFirst().orElse(null);
  }

  public NodeState follower() {
    return nodes.stream().filter(n -> NodeRole.FOLLOWER.is(n.role())).findFirst().orElse(null);
  }
}
