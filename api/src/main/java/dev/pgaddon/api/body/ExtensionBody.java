package dev.pgaddon.api.body;

import com.fasterxml.jackson.databind.JsonNode;

/** The extensions an addon's image offers (components/schemas/Extension) and the answer to a change of one. */
public final class ExtensionBody {
  private ExtensionBody() {}

  /**
   * {"extensions":[...]}: the list exactly as the workers last read it (name, default_version,
   * installed_version, description), passed through as JSON.
   */
  public record Many(JsonNode extensions) {}

  public record Extension(String name) {}

  /** 202 of enabling or disabling an extension. */
  public record Accepted(OperationBody operation, Extension extension) {}

  /** POST .../database/extensions: {"extension":{"name"}}. */
  public record Request(String name) {}
}
