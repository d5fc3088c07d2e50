package dev.pgaddon.api.body;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A plan of the PostgreSQL addon (components/schemas/Plan). */
public record PlanBody(
    String id,
    String name,
    @JsonProperty("memory_mib") int memoryMib,
    double cpus,
    @JsonProperty("disk_quota_gib") int diskQuotaGib,
    @JsonProperty("max_connections") int maxConnections,
    @JsonProperty("high_availability") boolean highAvailability) {

  /** GET /v1/addon_providers/postgresql/plans: {"plans":[...],"versions":[...]}. */
  public record Catalog(List<PlanBody> plans, List<String> versions) {}
}
