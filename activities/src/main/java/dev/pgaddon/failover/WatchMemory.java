package dev.pgaddon.failover;

/** What a watch hands to its retry on another worker (its heartbeat details): the primary it knew. */
public record WatchMemory(String primary) {
  static final WatchMemory NONE = new WatchMemory(null);
}
