package dev.pgaddon.failover;

/** What a watch hands to its retry on another worker (its heartbeat details): the primary it knew, and whether it was synchronous. */
public record WatchMemory(String primary, boolean lossless) {
  static final WatchMemory NONE = new WatchMemory(null, false);
}
