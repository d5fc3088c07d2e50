package dev.pgaddon.api.body;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/** The extensions an addon's image offers (components/schemas/DatabaseExtension) and the answer to a change of one. */
public final class ExtensionBody {
  private ExtensionBody() {}

  /**
   * {"extensions":[...]}: the list exactly as the workers last read it (name, default_version,
   * installed_version, description), passed through as JSON.
   */
  public record Many(JsonNode extensions) {}

  /** One row of that list (components/schemas/DatabaseExtension): how a client reads {@link Many#extensions()}. */
  public record Row(
      String name,
      @JsonProperty("default_version") String defaultVersion,
      @JsonProperty("installed_version") String installedVersion,
      String description) {}

  public record Extension(String name) {}

  /** 202 of enabling or disabling an extension. */
  public record Accepted(OperationBody operation, Extension extension) {}

  /** POST .../database/extensions: {"extension":{"name"}}. */
  public record Request(String name) {}
}
