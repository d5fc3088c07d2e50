package dev.pgaddon.failover;

import dev.pgaddon.node.AddonState;
import dev.pgaddon.node.AddonState.NodeState;
import dev.pgaddon.node.NodeRole;

/** Reading the nodes of a described addon. */
final class Nodes {
  private Nodes() {}

  static NodeState named(AddonState state, String node) {
    return state.nodes().stream().filter(n -> n.address().node().equals(node)).findFirst().orElse(null);
  }

  /** Running and answering as primary or follower (the description says "unreachable…" otherwise). */
  static boolean answers(NodeState node) {
    return node.running() && (NodeRole.PRIMARY.is(node.role()) || NodeRole.FOLLOWER.is(node.role()));
  }
}
