package dev.pgaddon.endpoint;

import dev.pgaddon.node.NodeActivities.AddonRef;
import dev.pgaddon.node.NodeAddress;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The addon's stable endpoint: a PgBouncer in transaction pooling mode in front of the primary.
 * Applications connect to it only, so a switchover re-points it and clients keep their connections.
 */
@ActivityInterface
public interface EndpointActivities {
  record StartEndpointInput(AddonRef addon, NodeAddress primary, String restartHook) {}

  record EndpointRef(String addonId, NodeAddress endpoint) {}

  /** @param planId whose connection limit the endpoint applies from now on */
  record RepointInput(String addonId, NodeAddress endpoint, NodeAddress primary, String planId) {}

  record EndpointState(String state) {}

  /** Creates (or finds) the PgBouncer container pointing at the primary, and waits until it answers. */
  @ActivityMethod(name = "StartEndpoint")
  NodeAddress startEndpoint(StartEndpointInput input);

  /** PAUSE: waits for running transactions to finish, then holds new ones (clients wait, nothing fails). */
  @ActivityMethod(name = "PauseEndpoint")
  EndpointState pause(EndpointRef input);

  /** RESUME: held transactions go on. Safe to call when not paused. */
  @ActivityMethod(name = "ResumeEndpoint")
  EndpointState resume(EndpointRef input);

  /**
   * Points the endpoint at the primary with the plan's limits and lets held clients go on (config
   * rewrite, RELOAD, RECONNECT, RESUME). Also used after a node restart, for fresh server connections.
   */
  @ActivityMethod(name = "RepointEndpoint")
  EndpointState repoint(RepointInput input);

  /**
   * Writes the configuration that points the endpoint at the primary, without applying it: PgBouncer
   * reads it at the next RELOAD. A switchover stages it before the pause, so no file is written
   * while clients are held.
   */
  @ActivityMethod(name = "StageEndpointConfig")
  EndpointState stage(RepointInput input);

  /** Applies the staged configuration: RELOAD, RECONNECT, RESUME. */
  @ActivityMethod(name = "ApplyEndpointConfig")
  EndpointState apply(EndpointRef input);
}
