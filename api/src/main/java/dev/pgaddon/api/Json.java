package dev.pgaddon.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.pgaddon.api.body.OperationBody;
import io.javalin.http.Context;
import java.util.List;

/** snake_case JSON in and out. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private Json() {}

  static void send(Context ctx, int status, Object body) {
    try {
      ctx.status(status).contentType("application/json").result(MAPPER.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String write(Object body) {
    try {
      return MAPPER.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode read(String text) {
    try {
      return text == null || text.isBlank() ? MAPPER.createObjectNode() : MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw ApiError.malformed("malformed JSON: " + e.getOriginalMessage());
    }
  }

  /**
   * A request's body, parsed from its bytes: bytes that are not UTF-8 are a 400, never replaced by
   * U+FFFD (decoding to a String first would do that silently, and a password would change).
   */
  static JsonNode body(Context ctx) {
    byte[] bytes = bytes(ctx);
    if (bytes.length == 0) {
      return MAPPER.createObjectNode();
    }
    try {
      return MAPPER.readTree(bytes);
    } catch (java.io.IOException e) {
      String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      throw ApiError.malformed("malformed JSON: " + why);
    }
  }

  /** The body's bytes; a body sent too slowly (Jetty's minimum data rate) is a 408 in the one error shape. */
  private static byte[] bytes(Context ctx) {
    try {
      return ctx.bodyAsBytes();
    } catch (Exception e) { // Javalin (Kotlin) throws the servlet's IOException undeclared
      Integer refused = JettyLimits.status(e);
      if (refused != null) {
        ctx.header("Connection", "close");
        throw new ApiError(refused, JettyLimits.code(refused), JettyLimits.sentence(refused, e.getMessage()));
      }
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new java.io.UncheckedIOException("cannot read the request body", (java.io.IOException) e);
    }
  }

  /** The object under {@code key} of a request body such as {"addon":{...}}; 400 when it is not one. */
  static JsonNode object(Context ctx, String key) {
    JsonNode body = body(ctx);
    if (!body.isObject() || !body.path(key).isObject()) {
      throw ApiError.malformed("the body must be a JSON object {\"" + key + "\":{...}}");
    }
    return body.get(key);
  }

  /** A string field, null when absent; 400 when it is there but not a string. */
  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw ApiError.malformed("'" + field + "' must be a string");
    }
    return value.asText();
  }

  static JsonNode tree(String json) {
    return json == null ? null : read(json);
  }

  private static final TypeReference<List<OperationBody.Step>> STEPS = new TypeReference<>() {};

  /** An operation's steps as the control database recorded them (StepState.view), null when none were. */
  static List<OperationBody.Step> steps(String json) {
    return json == null ? null : MAPPER.convertValue(read(json), STEPS);
  }
}
