package dev.pgaddon.node;

/** The two nodes of an addon: provisioning makes the first its primary, the second its follower; they swap roles. */
public final class NodeNames {
  public static final String FIRST = "node1";
  public static final String SECOND = "node2";

  private NodeNames() {}

  /** The other node of a pair (a follower's slot on the primary has its name). */
  public static String other(String node) {
    return FIRST.equals(node) ? SECOND : FIRST;
  }
}
