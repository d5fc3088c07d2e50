package dev.pgaddon.node;

/**
 * A node's postgres exited while starting. A rejoin rebuilds a rewound node that does so, unless
 * the cause is its port, taken by someone else meanwhile: that is no fault of its data.
 */
final class NodeDidNotStart extends IllegalStateException {
  private final boolean portTaken;

  NodeDidNotStart(String message, boolean portTaken) {
    super(message);
    this.portTaken = portTaken;
  }

  boolean portTaken() {
    return portTaken;
  }
}
