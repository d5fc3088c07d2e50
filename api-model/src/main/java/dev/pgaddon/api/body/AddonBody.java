package dev.pgaddon.api.body;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * An addon as the API shows it (components/schemas/Addon); {@code version} is null until it has one,
 * the times are the instants as text.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AddonBody(
    String id,
    String app,
    @JsonProperty("provider_id") String providerId,
    @JsonProperty("plan_id") String planId,
    String version,
    String status,
    @JsonProperty("created_at") String createdAt,
    @JsonProperty("updated_at") String updatedAt) {

  /** {"addon":{...}} */
  public record One(AddonBody addon) {}

  /** {"addons":[...]} */
  public record Many(List<AddonBody> addons) {}

  /** 202 of a provisioning, plan change, removal or upgrade: the operation and the addon. */
  public record Accepted(OperationBody operation, AddonBody addon) {}

  /** POST /v1/apps/{app}/addons: {"addon":{"provider_id","plan_id","version","restart_hook"}}, each may be absent. */
  public record Request(String providerId, String planId, String version, String restartHook) {}

  /** PATCH /v1/apps/{app}/addons/{addon_id}: {"addon":{"plan_id"}}. */
  public record PlanChange(String planId) {}
}
