package dev.pgaddon.api.body;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** An addon's connection URL and its restart hook's secret (null without a hook) (components/schemas/Connection). */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ConnectionBody(
    @JsonProperty("addon_id") String addonId,
    String url,
    @JsonProperty("restart_hook_secret") String restartHookSecret) {

  /** {"connection":{...}} */
  public record One(ConnectionBody connection) {}
}
