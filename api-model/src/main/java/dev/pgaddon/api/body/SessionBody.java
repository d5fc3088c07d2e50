package dev.pgaddon.api.body;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A dashboard session (components/schemas/Session): its secret, shown once. */
public record SessionBody(
    String token,
    @JsonProperty("expires_at") String expiresAt,
    @JsonProperty("idle_timeout_seconds") long idleTimeoutSeconds,
    @JsonProperty("temporal_ui_url") String temporalUiUrl) {

  /** {"session":{...}} */
  public record One(SessionBody session) {}

  /** An app the caller reaches. */
  public record App(String name) {}

  /** GET /v1/apps: {"apps":[{"name"}]}. */
  public record Apps(List<App> apps) {}
}
