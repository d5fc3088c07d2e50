package dev.pgaddon.node;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * What a node is started as. On the wire (workflow histories, container labels, the API) it is the
 * lowercase word PostgreSQL's pg_is_in_recovery() is read into: recorded histories replay unchanged.
 * An observed node's role ({@link AddonState.NodeState#role()}) stays text: it can also say
 * "unreachable" and why.
 */
public enum NodeRole {
  PRIMARY("primary"),
  FOLLOWER("follower");

  private final String wire;

  NodeRole(String wire) {
    this.wire = wire;
  }

  @JsonValue
  public String wire() {
    return wire;
  }

  /** Whether an observed role (text) is this one. */
  public boolean is(String observed) {
    return wire.equals(observed);
  }

  @JsonCreator
  public static NodeRole of(String wire) {
    return Arrays.stream(values()).filter(r -> r.wire.equals(wire)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("not a node role: '" + wire + "' (primary or follower)"));
  }

  @Override
  public String toString() {
    return wire;
  }
}
