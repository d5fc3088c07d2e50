package dev.pgaddon.api.body;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * An addon's database (components/schemas/Database): what the workers last observed. {@code nodes}
 * is their list as recorded (components/schemas/Node), null before the first observation.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DatabaseBody(
    @JsonProperty("addon_id") String addonId,
    @JsonProperty("plan_id") String planId,
    String version,
    @JsonProperty("next_version") String nextVersion,
    @JsonProperty("versions_offered") List<String> versionsOffered,
    String status,
    JsonNode nodes,
    String replication,
    Endpoint endpoint,
    @JsonProperty("database_name") String databaseName,
    @JsonProperty("observed_at") String observedAt) {

  public record Endpoint(String host, int port) {}

  /**
   * One node of {@code nodes} (components/schemas/Node), the fields a client reads: the lag is a running
   * follower's, null for the primary and for a node that does not answer.
   */
  public record Node(
      String name,
      String role,
      String state,
      int port,
      @JsonProperty("replication_lag_bytes") Long replicationLagBytes) {}

  /** {"database":{...}} */
  public record One(DatabaseBody database) {}

  /** POST .../database/upgrade: {"version","check_only"}, bare or under "upgrade". */
  public record UpgradeRequest(String version, boolean checkOnly) {}
}
