package dev.pgaddon.failover;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What a watch hands to its retry on another worker (its heartbeat details): the primary it knew.
 * Details a worker of another version wrote may have other fields: those are ignored, else the
 * watch would fail on every attempt after an upgrade of the workers.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WatchMemory(String primary) {
  static final WatchMemory NONE = new WatchMemory(null);
}
