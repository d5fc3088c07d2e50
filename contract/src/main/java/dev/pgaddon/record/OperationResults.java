package dev.pgaddon.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** An operation's result as the audit trail and the API show it: its secrets left out. */
public final class OperationResults {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The provisioning result's connection URL: only the API's connection route hands it out. */
  private static final String SECRET_FIELD = "url";

  private OperationResults() {}

  /** The result (a workflow's result object or its JSON tree) as JSON, without its secrets; null stays null. */
  public static JsonNode withoutSecrets(Object result) {
    if (result == null) {
      return null;
    }
    JsonNode tree = result instanceof JsonNode node ? node.deepCopy() : JSON.valueToTree(result);
    if (tree instanceof ObjectNode o) {
      o.remove(SECRET_FIELD);
    }
    return tree;
  }
}
